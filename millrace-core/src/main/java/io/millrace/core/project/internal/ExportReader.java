package io.millrace.core.project.internal;

import io.millrace.api.project.ExportSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code exports:}: {@code {table, format, path | url, target_table, mode}}. File formats
 * (parquet, csv, sqlite) take {@code path}; postgres takes {@code url}. Whether {@code table} exists
 * is checked by the binder.
 */
final class ExportReader {
  private ExportReader() {}

  static List<ExportSpec> read(YNode exports) {
    List<ExportSpec> out = new ArrayList<>();
    if (exports == null) {
      return out;
    }
    for (YNode item : exports.list()) {
      Map<String, YNode> f = item.fields("table", "format", "path", "url", "target_table", "mode");
      if (!f.containsKey("table") || !f.containsKey("format")) {
        throw item.error("%s needs 'table' and 'format' (parquet, csv, sqlite or postgres)", item.path());
      }
      ExportSpec.Format format = f.get("format").oneOf(ExportSpec.Format.class);
      boolean db = format == ExportSpec.Format.POSTGRES;
      String need = db ? "url" : "path";
      String forbidden = db ? "path" : "url";
      if (!f.containsKey(need)) {
        throw item.error("%s: a %s export needs '%s'", item.path(), format.name().toLowerCase(), need);
      }
      if (f.containsKey(forbidden)) {
        throw f.get(forbidden).error("%s: a %s export takes '%s', not '%s'", item.path(),
            format.name().toLowerCase(), need, forbidden);
      }
      String target = db ? ProjectReader.jdbcUrl(f.get("url")) : f.get("path").file().toString();
      String targetTable = f.containsKey("target_table") ? f.get("target_table").text() : null;
      if (targetTable != null && !db && format != ExportSpec.Format.SQLITE) {
        throw f.get("target_table").error("%s: target_table applies to sqlite and postgres exports",
            item.path());
      }
      ExportSpec.Mode mode = f.containsKey("mode") ? f.get("mode").oneOf(ExportSpec.Mode.class) : null;
      out.add(new ExportSpec(f.get("table").text(), format, target, targetTable, mode));
    }
    return out;
  }
}
