package io.millrace.core.project.internal;

import io.millrace.core.lineage.LineageConfig;
import java.net.URI;
import java.util.Locale;
import java.util.Map;

/** Reads {@code lineage:} of millrace.yaml (see {@link LineageConfig}). */
final class LineageReader {
  private LineageReader() {}

  static LineageConfig read(YNode node) {
    if (node == null || node.isNull()) {
      return LineageConfig.file();
    }
    Map<String, YNode> f = node.fields("transport", "url", "namespace", "timeout");
    LineageConfig.Transport t = f.containsKey("transport")
        ? transport(f.get("transport")) : f.containsKey("url") ? LineageConfig.Transport.HTTP : LineageConfig.Transport.FILE;
    URI url = null;
    if (t == LineageConfig.Transport.HTTP) {
      if (!f.containsKey("url")) {
        throw node.error("lineage: transport http needs 'url' (e.g. http://127.0.0.1:5000/api/v1/lineage)");
      }
      url = uri(f.get("url"));
    }
    String ns = f.containsKey("namespace") ? f.get("namespace").text() : null;
    return new LineageConfig(t, url, ns, f.containsKey("timeout") ? f.get("timeout").duration() : null);
  }

  private static LineageConfig.Transport transport(YNode n) {
    String v = n.text().trim().toUpperCase(Locale.ROOT);
    try {
      return LineageConfig.Transport.valueOf(v);
    } catch (IllegalArgumentException e) {
      throw n.error("lineage.transport must be file, http or none, got '%s'", n.rawText());
    }
  }

  private static URI uri(YNode n) {
    String text = n.text().trim();
    try {
      URI u = new URI(text);
      if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null) {
        throw n.error("lineage.url must be an http(s) URL, got '%s'", n.rawText());
      }
      return u;
    } catch (java.net.URISyntaxException e) {
      throw n.error("lineage.url is not a URL: %s", e.getMessage());
    }
  }
}
