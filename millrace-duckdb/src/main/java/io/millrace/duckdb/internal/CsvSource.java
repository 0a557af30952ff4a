package io.millrace.duckdb.internal;

import io.millrace.api.Column;
import io.millrace.api.LogicalType;
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
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Loads a CSV file with {@code read_csv(..., store_rejects=true)}: bad lines land in per-load reject
 * tables, read back as one {@link Reject} per line (its first error), then dropped.
 *
 * <p>Columns whose DuckDB cast is lenient (numbers, dates, times: see {@link StrictCast}) are
 * checked, so a value that is not exactly of its type ({@code 3.5} in an integer column) rejects its
 * line instead of loading as {@code 4}; that holds for declared columns and for sniffed numeric ones.
 * Whole-number, double and date columns are read with DuckDB's typed reader (what a plain load
 * costs) and only the few values it may have coerced are judged: rows whose fields hold other bytes
 * than a whole number's or a {@code ':'} in a date ({@link CsvLines} flags them in its pass over the
 * file) and rows with an infinite double. Decimal, timestamp and time columns are read as text and
 * cast with a test of every value. When the pass does not split the file as DuckDB did (another
 * quote character), the load is redone with every checked column read as text. DuckDB's rows carry no line number, but the table keeps file order, so a rejected
 * row's {@code rowid} locates its record; {@link CsvLines} turns that and DuckDB's own reject
 * positions into physical line numbers in one pass, run only when there are rejects.
 *
 * <p>The table is materialized with every column ({@code SELECT *}) so every value is cast once and
 * every bad value is found; counting without reading the columns would skip the casts.
 */
final class CsvSource {
  private static final AtomicLong LOADS = new AtomicLong();

  private final SqlExecutor sql;
  private final CsvExactness exact;

  CsvSource(SqlExecutor sql) {
    this.sql = sql;
    this.exact = new CsvExactness(sql);
  }

  SourceLoad load(SourceSpec source, String table, Describer describer) {
    Path path = SourceFiles.existing(source);
    if (blank(path)) {
      // DuckDB would invent a VARCHAR column0 for an empty file.
      throw SourceFiles.error(source, path, "the file is empty (no columns and no rows)");
    }
    if (source.header() && !source.columns().isEmpty()) {
      checkHeader(source, path);
    }
    List<Column> columns;
    try {
      columns = columns(source, path, describer);
    } catch (MillraceException e) {
      throw lineTooLong(source, path, e);
    }
    Set<String> checked = checked(source, columns);
    Set<String> scanned = CsvExactness.scanned(source, columns, checked);
    SourceLoad load = scanned.isEmpty() ? null : load(source, path, table, describer, columns, checked, scanned);
    // null: the field scan did not split the file as DuckDB did (another quote character): check as text.
    return load != null ? load : load(source, path, table, describer, columns, checked, Set.of());
  }

  /**
   * One load: {@code scanned} columns read with their type and judged after the field scan, the other
   * {@code checked} ones read as text and cast here. Null when the scan disagrees with DuckDB.
   */
  private SourceLoad load(SourceSpec source, Path path, String table, Describer describer, List<Column> columns,
                          Set<String> checked, Set<String> scanned) {
    long id = LOADS.incrementAndGet();
    String errors = "millrace_rejects_" + id;
    String scans = "millrace_reject_scans_" + id;
    String what = "read source '" + source.name() + "' from " + path;
    try {
      Set<String> text = new LinkedHashSet<>(checked);
      text.removeAll(scanned);
      String select = columns.stream().map(c -> text.contains(c.name())
              ? StrictCast.value(Sql.ident(c.name()), c) + " AS " + Sql.ident(c.name()) : Sql.ident(c.name()))
          .collect(Collectors.joining(", "));
      if (!text.isEmpty()) {
        select += ", " + CsvExactness.badExpression(columns, text) + " AS " + CsvExactness.BAD;
      }
      long read;
      try {
        read = sql.execute("CREATE OR REPLACE TABLE " + Sql.ident(table) + " AS SELECT " + select
            + " FROM " + reader(source, path, errors, scans, columns, text, scanned), what);
      } catch (MillraceException e) {
        throw lineTooLong(source, path, e);
      }
      Map<Long, String> bad = text.isEmpty() ? new LinkedHashMap<>() : exact.badMarkers(table, what);
      Set<Long> infinite = scanned.isEmpty() ? Set.of() : exact.infinite(table, columns, scanned, what);
      QueryResult errorRows = errorRows(errors, scans, what);
      CsvLines lines = null;
      if (!scanned.isEmpty() || !errorRows.rows().isEmpty() || !bad.isEmpty()) {
        Set<Long> offsets = new HashSet<>();
        errorRows.rows().forEach(row -> offsets.add(((Number) row.get(6)).longValue()));
        Set<Long> wanted = new HashSet<>(bad.keySet());
        wanted.addAll(infinite);
        lines = CsvLines.scan(path, source.header(), offsets, wanted,
            scanned.isEmpty() ? null : CsvExactness.fields(source, columns, scanned));
        if (!scanned.isEmpty()) {
          Set<Long> suspects = new java.util.TreeSet<>(lines.flagged());
          suspects.addAll(infinite);
          if (!lines.aligned() || lines.rowCount() != read || suspects.size() > CsvExactness.MAX_SUSPECTS
              || !exact.judge(source, table, columns, scanned, suspects, lines, bad, what)) {
            sql.execute("DROP TABLE IF EXISTS " + Sql.ident(table), what);
            return null;
          }
        }
      }
      exact.removeBadRows(table, bad, !text.isEmpty(), what);
      List<Reject> rejects = rejects(source, path, columns, errorRows, lines, bad);
      long rows = read - bad.size();
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

  /** Every column of the file in order: declared ones as declared, the others as DuckDB sniffs them. */
  private List<Column> columns(SourceSpec source, Path path, Describer describer) {
    Map<String, Column> declared = new LinkedHashMap<>();
    source.columns().forEach(c -> declared.put(c.name(), c));
    if (!declared.isEmpty() && !source.header()) {
      return source.columns();
    }
    if (!declared.isEmpty()) {
      // Every header name declared (and unique): no sniffing needed to know the columns.
      List<String> names = header(source, path);
      if (names.size() == declared.size() && declared.keySet().containsAll(names)) {
        return names.stream().map(declared::get).collect(Collectors.toList());
      }
    }
    Map<String, String> detected;
    try {
      // Sniffing as the load will: tolerant of bad lines, which the load then rejects.
      String sniff = options(source, path, declaredTypes(source));
      detected = describer.duckTypes("SELECT * FROM " + sniff.substring(0, sniff.length() - 1)
          + ", ignore_errors = true)");
    } catch (MillraceException e) {
      throw lineTooLong(source, path, e);
    }
    List<Column> columns = new ArrayList<>(detected.size());
    detected.forEach((name, type) -> columns.add(declared.containsKey(name) ? declared.get(name)
        : DuckTypes.column(name, type)));
    return columns;
  }

  /**
   * Columns read as text and cast strictly: declared ones of a lenient type, and sniffed numeric
   * ones (sniffed dates keep DuckDB's parse, which follows the sniffed date format).
   */
  private static Set<String> checked(SourceSpec source, List<Column> columns) {
    Set<String> declared = source.columns().stream().map(Column::name).collect(Collectors.toSet());
    Set<String> checked = new LinkedHashSet<>();
    for (Column c : columns) {
      boolean sniffedNumber = c.type() == LogicalType.INTEGER || c.type() == LogicalType.BIGINT
          || c.type() == LogicalType.DOUBLE;
      if (declared.contains(c.name()) ? StrictCast.needed(c) : sniffedNumber) {
        checked.add(c.name());
      }
    }
    return checked;
  }

  private static String reader(SourceSpec source, Path path, String errors, String scans,
                               List<Column> columns, Set<String> text, Set<String> scanned) {
    Map<String, String> types = declaredTypes(source);
    for (Column c : columns) {
      if (text.contains(c.name())) {
        types.put(c.name(), "VARCHAR");
      } else if (scanned.contains(c.name())) {
        types.put(c.name(), c.sql());   // a sniffed type is pinned, so the scan knows each column's class
      }
    }
    String options = options(source, path, types);
    return options.substring(0, options.length() - 1) + ", store_rejects = true, rejects_table = "
        + Sql.literal(errors) + ", rejects_scan = " + Sql.literal(scans) + ")";
  }

  private static Map<String, String> declaredTypes(SourceSpec source) {
    Map<String, String> types = new LinkedHashMap<>();
    source.columns().forEach(c -> types.put(c.name(), c.sql()));
    return types;
  }

  /** {@code read_csv(path, header, delim[, types|columns])}. */
  private static String options(SourceSpec source, Path path, Map<String, String> types) {
    StringBuilder r = new StringBuilder("read_csv(").append(Sql.literal(path))
        .append(", header = ").append(source.header())
        .append(", delim = ").append(Sql.literal(source.delimiter()));
    if (source.maxLineSize() > 0) {
      r.append(", max_line_size = ").append(source.maxLineSize());
    }
    if (!types.isEmpty()) {
      String map = types.entrySet().stream()
          .map(e -> Sql.literal(e.getKey()) + ": " + Sql.literal(e.getValue()))
          .collect(Collectors.joining(", ", "{", "}"));
      // Without a header the declared columns are all the columns; with one, they override sniffing.
      r.append(source.header() || source.columns().isEmpty() ? ", types = " : ", columns = ").append(map);
    }
    return r.append(")").toString();
  }

  /** One row per rejected line: its first error by column position (a line with two bad values is one line). */
  private QueryResult errorRows(String errors, String scans, String what) {
    return sql.query("SELECT s.file_path, e.line, e.column_name, e.error_type::VARCHAR, "
        + "e.error_message, e.csv_line, e.line_byte_position FROM temp." + errors + " e JOIN temp."
        + scans + " s USING (scan_id, file_id) QUALIFY row_number() OVER (PARTITION BY e.scan_id, "
        + "e.file_id, e.line ORDER BY e.column_idx) = 1 ORDER BY e.line", what);
  }

  private static List<Reject> rejects(SourceSpec source, Path path, List<Column> columns, QueryResult r,
                                      CsvLines lines, Map<Long, String> bad) {
    if (r.rows().isEmpty() && bad.isEmpty()) {
      return List.of();
    }
    List<Reject> rejects = new ArrayList<>(r.rows().size() + bad.size());
    for (List<Object> row : r.rows()) {
      String type = (String) row.get(3);
      String column = "TOO MANY COLUMNS".equals(type) || "MISSING COLUMNS".equals(type)
          || "UNQUOTED VALUE".equals(type) || "LINE SIZE OVER MAXIMUM".equals(type)
          || "INVALID ENCODING".equals(type) ? null : (String) row.get(2);
      CsvLines.Located at = lines.reject(((Number) row.get(6)).longValue());
      long line = at == null ? ((Number) row.get(1)).longValue() : at.line();
      rejects.add(new Reject((String) row.get(0), line, column, type + ": " + row.get(4),
          (String) row.get(5)));
    }
    bad.forEach((index, marker) -> {
      int colon = marker.indexOf(':');
      Column c = columns.get(Integer.parseInt(marker.substring(0, colon)));
      String value = marker.substring(colon + 1);
      CsvLines.Located at = lines.row(index);
      // Not found only when DuckDB split records otherwise (a sniffed quote other than '"'): the
      // row's position then stands in for its line, and the reason says so.
      rejects.add(at != null
          ? new Reject(path.toString(), at.line(), c.name(), StrictCast.reason(c, value), at.text())
          : new Reject(path.toString(), index + (source.header() ? 2 : 1), c.name(),
              StrictCast.reason(c, value) + " (line estimated from the row's position)", value));
    });
    rejects.sort(Comparator.comparingLong(Reject::line));
    return rejects;
  }

  /**
   * DuckDB's sniffer fails the whole file on a line over its maximum and suggests its own option;
   * say which Millrace setting to change instead. Other errors pass unchanged.
   */
  private static MillraceException lineTooLong(SourceSpec source, Path path, MillraceException e) {
    java.util.regex.Matcher m = java.util.regex.Pattern
        .compile("Maximum line size of (\\d+) bytes exceeded\\. Actual Size:\\s*(\\d+)").matcher(e.getMessage());
    if (!m.find()) {
      return e.getMessage().startsWith("Cannot read source") ? e : SourceFiles.error(source, path, "%s", e.getMessage());
    }
    long needed = Long.parseLong(m.group(2));
    return SourceFiles.error(source, path, "a line of %d bytes is longer than the maximum line size "
        + "(%s bytes); set max_line_size on the source in millrace.yaml (e.g. max_line_size: %dMB)",
        needed, m.group(1), needed / (1 << 20) + 1);
  }

  /** Empty, or only blanks and a byte-order mark. */
  private static boolean blank(Path path) {
    try {
      if (Files.size(path) > 64) {
        return false;
      }
      return Files.readString(path, StandardCharsets.UTF_8).replace("\uFEFF", "").isBlank();
    } catch (IOException e) {
      return false;   // unreadable as UTF-8: the load reports it
    }
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
