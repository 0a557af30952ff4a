package io.millrace.duckdb.internal;

import io.millrace.api.Column;
import io.millrace.api.MillraceException;
import io.millrace.api.TableSchema;
import io.millrace.api.project.SourceSpec;
import io.millrace.api.spi.QueryResult;
import io.millrace.api.spi.Reject;
import io.millrace.api.spi.SourceLoad;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Loads a CSV file with {@code read_csv(..., store_rejects=true)}: declared columns are forced to
 * their types, others auto-detected; bad lines land in per-load reject tables, read back as one
 * {@link Reject} per line (its first error), then dropped.
 *
 * <p>The table is materialized with every column ({@code SELECT *}) so every value is cast once and
 * every bad value is found; counting without reading the columns would skip the casts.
 */
final class CsvSource {
  private static final AtomicLong LOADS = new AtomicLong();

  private final SqlExecutor sql;

  CsvSource(SqlExecutor sql) {
    this.sql = sql;
  }

  SourceLoad load(SourceSpec source, String table, Describer describer) {
    Path path = SourceFiles.existing(source);
    if (source.header() && !source.columns().isEmpty()) {
      checkHeader(source, path);
    }
    long id = LOADS.incrementAndGet();
    String errors = "millrace_rejects_" + id;
    String scans = "millrace_reject_scans_" + id;
    String what = "read source '" + source.name() + "' from " + path;
    try {
      long rows = sql.execute("CREATE OR REPLACE TABLE " + Sql.ident(table) + " AS SELECT * FROM "
          + reader(source, path, errors, scans), what);
      List<Reject> rejects = rejects(errors, scans, what);
      if (rows == 0 && !rejects.isEmpty()) {
        Reject first = rejects.get(0);
        throw SourceFiles.error(source, path, "no line could be read (%d rejected; line %d: %s)",
            rejects.size(), first.line(), first.reason());
      }
      TableSchema schema = describer.tableSchema(table);
      return new SourceLoad(table, schema, rows, rejects);
    } finally {
      sql.execute("DROP TABLE IF EXISTS temp." + errors, "drop reject table");
      sql.execute("DROP TABLE IF EXISTS temp." + scans, "drop reject table");
    }
  }

  private static String reader(SourceSpec source, Path path, String errors, String scans) {
    StringBuilder r = new StringBuilder("read_csv(").append(Sql.literal(path))
        .append(", header = ").append(source.header())
        .append(", delim = ").append(Sql.literal(source.delimiter()))
        .append(", store_rejects = true, rejects_table = ").append(Sql.literal(errors))
        .append(", rejects_scan = ").append(Sql.literal(scans));
    if (!source.columns().isEmpty()) {
      String types = source.columns().stream()
          .map(c -> Sql.literal(c.name()) + ": " + Sql.literal(c.type().sql()))
          .collect(Collectors.joining(", ", "{", "}"));
      r.append(source.header() ? ", types = " : ", columns = ").append(types);
    }
    return r.append(")").toString();
  }

  private List<Reject> rejects(String errors, String scans, String what) {
    // One reject per line: its first error by column position (a line with two bad values is one line).
    QueryResult r = sql.query("SELECT s.file_path, e.line, e.column_name, e.error_type::VARCHAR, "
        + "e.error_message, e.csv_line FROM temp." + errors + " e JOIN temp." + scans + " s "
        + "USING (scan_id, file_id) QUALIFY row_number() OVER (PARTITION BY e.scan_id, e.file_id, e.line "
        + "ORDER BY e.column_idx) = 1 ORDER BY e.line", what);
    List<Reject> rejects = new ArrayList<>(r.rows().size());
    for (List<Object> row : r.rows()) {
      String type = (String) row.get(3);
      String column = "TOO MANY COLUMNS".equals(type) || "MISSING COLUMNS".equals(type)
          || "UNQUOTED VALUE".equals(type) || "LINE SIZE OVER MAXIMUM".equals(type)
          || "INVALID ENCODING".equals(type) ? null : (String) row.get(2);
      rejects.add(new Reject((String) row.get(0), ((Number) row.get(1)).longValue(), column,
          type + ": " + row.get(4), (String) row.get(5)));
    }
    return rejects;
  }

  private static void checkHeader(SourceSpec source, Path path) {
    List<String> found = header(source, path);
    for (Column c : source.columns()) {
      if (!found.contains(c.name())) {
        throw SourceFiles.error(source, path, "column '%s' is missing from the header (found: %s)",
            c.name(), String.join(", ", found));
      }
    }
  }

  /** The header's names, split on the delimiter outside double quotes. */
  static List<String> header(SourceSpec source, Path path) {
    String line;
    // Only the first line is decoded: a bad byte further down is the loader's to reject by line.
    try (java.io.InputStream in = new java.io.BufferedInputStream(Files.newInputStream(path))) {
      java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
      int b = in.read();
      for (; b >= 0 && b != '\n'; b = in.read()) {
        bytes.write(b);
      }
      line = b < 0 && bytes.size() == 0 ? null : StandardCharsets.UTF_8.newDecoder()
          .decode(java.nio.ByteBuffer.wrap(bytes.toByteArray())).toString().replaceAll("\r$", "");
    } catch (java.nio.charset.CharacterCodingException e) {
      throw SourceFiles.error(source, path, "line 1 (the header) is not valid UTF-8; save the file as UTF-8");
    } catch (IOException e) {
      throw MillraceException.external(e, "Cannot read source '%s' from %s: %s", source.name(), path,
          Errors.message(e));
    }
    if (line == null) {
      throw SourceFiles.error(source, path, "the file is empty (a header line is expected)");
    }
    if (line.startsWith("\uFEFF")) {
      line = line.substring(1);
    }
    return split(line, source.delimiter().charAt(0));
  }

  static List<String> split(String line, char delimiter) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char ch = line.charAt(i);
      if (ch == '"') {
        if (quoted && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else {
          quoted = !quoted;
        }
      } else if (ch == delimiter && !quoted) {
        fields.add(field.toString().strip());
        field.setLength(0);
      } else if (ch != '\r') {
        field.append(ch);
      }
    }
    fields.add(field.toString().strip());
    return fields;
  }
}
