package io.millrace.core.project.internal;

import io.millrace.api.Column;
import io.millrace.api.LogicalType;
import io.millrace.api.TableSchema;
import io.millrace.api.project.SourceFormat;
import io.millrace.api.project.SourceSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reads {@code sources:}. File existence is checked by the binder (sample data may come first). */
final class SourceReader {
  private static final String[] KEYS = {"format", "path", "columns", "header", "delimiter", "checks", "url", "query",
      "max_line_size"};

  private SourceReader() {}

  static Map<String, SourceSpec> read(YNode sources) {
    Map<String, SourceSpec> out = new LinkedHashMap<>();
    if (sources == null) {
      return out;
    }
    for (Map.Entry<String, YNode> e : sources.entries().entrySet()) {
      ProjectReader.checkName(e.getKey(), e.getValue(), "source");
      out.put(e.getKey(), source(e.getKey(), e.getValue()));
    }
    return out;
  }

  private static SourceSpec source(String name, YNode node) {
    Map<String, YNode> f = node.fields(KEYS);
    SourceFormat format = format(node, f);
    boolean jdbc = format == SourceFormat.JDBC;
    for (String key : jdbc ? new String[] {"path", "header", "delimiter"} : new String[] {"url", "query"}) {
      if (f.containsKey(key)) {
        throw f.get(key).error("%s applies only to %s sources, and '%s' is %s", key,
            jdbc ? "file" : "jdbc", name, format.name().toLowerCase(Locale.ROOT));
      }
    }
    if (format != SourceFormat.CSV) {
      for (String key : new String[] {"header", "delimiter", "max_line_size"}) {
        if (f.containsKey(key)) {
          throw f.get(key).error("%s applies only to csv sources", f.get(key).path());
        }
      }
    }
    Path path = jdbc ? null : required(node, f, "path").file();
    String url = jdbc ? ProjectReader.jdbcUrl(required(node, f, "url")) : null;
    String query = jdbc ? required(node, f, "query").text() : null;
    boolean header = !f.containsKey("header") || f.get("header").bool();
    String delimiter = f.containsKey("delimiter") ? delimiter(f.get("delimiter")) : ",";
    long maxLineSize = f.containsKey("max_line_size") ? bytes(f.get("max_line_size")) : 0;
    return new SourceSpec(name, format, path, columns(f.get("columns")), header, delimiter, url, query,
        ChecksReader.read(f.get("checks")), maxLineSize);
  }

  private static SourceFormat format(YNode node, Map<String, YNode> f) {
    if (f.containsKey("format")) {
      return f.get("format").oneOf(SourceFormat.class);
    }
    if (f.containsKey("url")) {
      return SourceFormat.JDBC;
    }
    String p = f.containsKey("path") ? f.get("path").text().toLowerCase(Locale.ROOT) : "";
    if (p.endsWith(".csv") || p.endsWith(".tsv")) {
      return SourceFormat.CSV;
    }
    if (p.endsWith(".jsonl") || p.endsWith(".ndjson") || p.endsWith(".json")) {
      return SourceFormat.JSONL;
    }
    if (p.endsWith(".parquet")) {
      return SourceFormat.PARQUET;
    }
    throw node.error("%s needs 'format' (csv, jsonl, parquet or jdbc)", node.path());
  }

  private static YNode required(YNode node, Map<String, YNode> f, String key) {
    YNode v = f.get(key);
    if (v == null) {
      throw node.error("%s needs '%s'", node.path(), key);
    }
    return v;
  }

  /** A size in bytes: {@code 16777216}, {@code 16MB}, {@code 512KB}, {@code 1GB}. */
  static long bytes(YNode node) {
    String t = node.text().strip().toUpperCase(Locale.ROOT).replace(" ", "");
    long unit = t.endsWith("GB") ? 1L << 30 : t.endsWith("MB") ? 1L << 20 : t.endsWith("KB") ? 1L << 10 : 1;
    String digits = unit == 1 ? (t.endsWith("B") ? t.substring(0, t.length() - 1) : t) : t.substring(0, t.length() - 2);
    try {
      long v = Long.parseLong(digits) * unit;
      if (v > 0) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw node.error("%s must be a positive size in bytes (e.g. 16MB), found '%s'", node.path(), node.text());
  }

  private static String delimiter(YNode node) {
    String d = node.text();
    if (d.equalsIgnoreCase("tab") || d.equals("\\t")) {
      return "\t";
    }
    if (d.length() != 1) {
      throw node.error("%s must be one character, found '%s'", node.path(), d);
    }
    return d;
  }

  private static List<Column> columns(YNode node) {
    if (node == null) {
      return List.of();
    }
    List<Column> out = new ArrayList<>();
    for (Map.Entry<String, YNode> c : node.entries().entrySet()) {
      out.add(c.getValue().at(() -> Column.parse(c.getKey(), c.getValue().text())));
    }
    node.at(() -> new TableSchema(out));
    return out;
  }
}
