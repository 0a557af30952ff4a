package io.millrace.core.project.internal;

import io.millrace.api.MillraceException;
import io.millrace.api.features.FeatureColumn;
import io.millrace.api.features.FeatureDefinitions;
import io.millrace.api.features.TrainingSetNodeSpec;
import io.millrace.api.features.FeatureRef;
import io.millrace.api.features.FeatureServiceSpec;
import io.millrace.api.features.FeatureViewSpec;
import io.millrace.core.project.Durations;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads {@code features/*.yaml} (feature views and services) into {@link FeatureDefinitions}.
 * Errors name {@code features/<file>.yaml:line:column}; names are unique across the files.
 *
 * <pre>
 * views:
 *   user_stats:
 *     entities: [user_id]
 *     source: user_stat_rows          # a table or model of the project, or stream:&lt;job&gt;
 *     timestamp: event_ts
 *     created: created_ts             # optional
 *     ttl: 3d                         # optional
 *     features: [f1, f2, {f3: "f1 * 2"}]
 *     online: true
 * services:
 *   churn: [user_stats:f1, user_stats:f2]
 * training_sets:                      # pipeline nodes committing a table each run
 *   churn_daily: {entities: labels, service: churn, timestamp: event_timestamp}
 * </pre>
 */
final class FeatureViewReader {
  static final String DIR = "features";
  private static final String[] VIEW_KEYS = {"entities", "source", "timestamp", "created", "ttl", "features", "online",
      "description"};

  private FeatureViewReader() {}

  static FeatureDefinitions read(Path root, Interpolator vars) {
    Path dir = root.resolve(DIR);
    if (!Files.isDirectory(dir)) {
      return FeatureDefinitions.NONE;
    }
    List<Path> files = YamlFiles.in(dir);
    Map<String, FeatureViewSpec> views = new LinkedHashMap<>();
    Map<String, FeatureServiceSpec> services = new LinkedHashMap<>();
    Map<String, YNode> trainingSets = new LinkedHashMap<>();
    for (Path file : files) {
      YNode top = document(root, file, vars);
      if (top == null) {
        continue;
      }
      Map<String, YNode> f = top.fields("views", "services", "training_sets");
      entries(f.get("training_sets")).forEach((name, node) -> {
        YNode old = trainingSets.put(name, node);
        if (old != null) {
          throw node.error("training set '%s' is already declared at %s", name, old.location());
        }
      });
      entries(f.get("views")).forEach((name, node) -> {
        FeatureViewSpec v = view(name, node);
        FeatureViewSpec old = views.put(name, v);
        if (old != null) {
          throw node.error("feature view '%s' is already declared at %s", name, old.location());
        }
      });
      entries(f.get("services")).forEach((name, node) -> {
        FeatureServiceSpec s = service(name, node);
        FeatureServiceSpec old = services.put(name, s);
        if (old != null) {
          throw node.error("feature service '%s' is already declared at %s", name, old.location());
        }
      });
    }
    FeatureDefinitions defs = new FeatureDefinitions(views, services);
    if (trainingSets.isEmpty()) {
      return defs;
    }
    Map<String, TrainingSetNodeSpec> nodes = new LinkedHashMap<>();
    trainingSets.forEach((name, node) -> {
      ProjectReader.checkName(name, node, "training set");
      nodes.put(name, new TrainingSetNodeSpec(name, node.location(), PredictorReader.trainingSet(node, defs)));
    });
    return new FeatureDefinitions(views, services, nodes);
  }

  private static YNode document(Path root, Path file, Interpolator vars) {
    String label = DIR + "/" + file.getFileName();
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw MillraceException.external(e, "Cannot load %s: %s", label, e.getMessage());
    }
    YNode.Context ctx = new YNode.Context(label, root);
    ctx.vars = vars;
    Node doc = YamlDoc.parse(text, label);
    return doc == null ? null : new YNode(doc, "", ctx);
  }

  private static Map<String, YNode> entries(YNode node) {
    return node == null ? Map.of() : node.entries();
  }

  private static FeatureViewSpec view(String name, YNode node) {
    ProjectReader.checkName(name, node, "feature view");
    Map<String, YNode> f = node.fields(VIEW_KEYS);
    List<String> entities = required(node, f, "entities").texts().stream().map(String::trim).toList();
    String source = required(node, f, "source").text().trim();
    String timestamp = text(f, "timestamp");
    Duration ttl = f.containsKey("ttl") ? f.get("ttl").at(() -> Durations.parse(f.get("ttl").text())) : null;
    List<FeatureColumn> features = features(required(node, f, "features"));
    boolean online = f.containsKey("online") && f.get("online").bool();
    return node.at(() -> new FeatureViewSpec(name, node.location(), entities, source, timestamp, text(f, "created"), ttl,
        features, online));
  }

  /** {@code [f1, f2, {f3: "f1 * 2"}]}; a mapping {@code {f1: null, f3: "f1 * 2"}} is accepted too. */
  private static List<FeatureColumn> features(YNode node) {
    List<FeatureColumn> out = new ArrayList<>();
    List<YNode> items = node.isMap() ? List.of(node) : node.list();
    for (YNode item : items) {
      if (item.isMap()) {
        item.entries().forEach((k, v) -> out.add(v.at(() -> new FeatureColumn(k, v.text()))));
      } else {
        String col = item.text().trim();
        out.add(item.at(() -> new FeatureColumn(col, null)));
      }
    }
    return out;
  }

  private static FeatureServiceSpec service(String name, YNode node) {
    ProjectReader.checkName(name, node, "feature service");
    List<YNode> items = node.isList() ? node.list() : List.of(node);
    List<FeatureRef> refs = new ArrayList<>();
    for (YNode item : items) {
      refs.add(item.at(() -> FeatureRef.parse(item.text())));
    }
    return node.at(() -> new FeatureServiceSpec(name, node.location(), refs));
  }

  private static String text(Map<String, YNode> f, String key) {
    return f.containsKey(key) ? f.get(key).text().trim() : null;
  }

  private static YNode required(YNode node, Map<String, YNode> f, String key) {
    YNode v = f.get(key);
    if (v == null) {
      throw node.error("feature view %s needs '%s'", node.path(), key);
    }
    return v;
  }
}
