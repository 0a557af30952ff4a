package io.millrace.cli.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.api.MillraceException;
import io.millrace.api.spi.QueryResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Renders a query result as an aligned text table, CSV or JSON (an array of objects), keeping NULL
 * apart from text that looks like it: the table prints NULL as {@code NULL} and quotes text that
 * could be read as NULL or hides blanks ({@code 'NULL'}, {@code ''}, {@code ' x'}, text starting
 * with a quote); CSV writes NULL as an empty field and the empty string as {@code ""}; JSON uses null.
 */
public final class ResultFormatter {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ResultFormatter() {}

  public static String render(QueryResult result, String format) {
    return switch (format.toLowerCase(Locale.ROOT)) {
      case "table" -> table(result.columns(), stringRows(result));
      case "csv" -> csv(result);
      case "json" -> json(result);
      default -> throw MillraceException.user("Cannot use format '%s': expected table, csv or json", format);
    };
  }

  /** An aligned text table with a header rule. */
  public static String table(List<String> header, List<List<String>> rows) {
    int[] width = new int[header.size()];
    for (int i = 0; i < header.size(); i++) {
      width[i] = header.get(i).length();
    }
    for (List<String> row : rows) {
      for (int i = 0; i < row.size(); i++) {
        width[i] = Math.max(width[i], row.get(i).length());
      }
    }
    StringBuilder out = new StringBuilder();
    line(out, header, width);
    for (int i = 0; i < width.length; i++) {
      out.append(i == 0 ? "" : "  ").append("-".repeat(width[i]));
    }
    out.append('\n');
    rows.forEach(r -> line(out, r, width));
    return out.toString();
  }

  private static void line(StringBuilder out, List<String> cells, int[] width) {
    for (int i = 0; i < cells.size(); i++) {
      String c = cells.get(i);
      out.append(i == 0 ? "" : "  ").append(c);
      if (i < cells.size() - 1) {
        out.append(" ".repeat(width[i] - c.length()));
      }
    }
    out.append('\n');
  }

  private static List<List<String>> stringRows(QueryResult result) {
    List<List<String>> rows = new ArrayList<>();
    for (List<Object> r : result.rows()) {
      rows.add(r.stream().map(ResultFormatter::tableCell).toList());
    }
    return rows;
  }

  static String tableCell(Object v) {
    if (v == null) {
      return "NULL";
    }
    if (v instanceof byte[] b) {
      return blob(b);
    }
    String s = String.valueOf(v);
    boolean ambiguous = v instanceof String && (s.isEmpty() || s.equalsIgnoreCase("null")
        || !s.strip().equals(s) || s.startsWith("'"));
    return ambiguous ? "'" + s.replace("'", "''") + "'" : s;
  }

  /** Bytes as DuckDB prints a BLOB: printable ASCII as is, others as {@code \xHH}. */
  private static String blob(byte[] bytes) {
    StringBuilder b = new StringBuilder();
    for (byte x : bytes) {
      int u = x & 0xff;
      b.append(u >= 0x20 && u < 0x7f && u != '\\' ? String.valueOf((char) u) : String.format("\\x%02X", u));
    }
    return b.toString();
  }

  private static String csv(QueryResult result) {
    StringBuilder out = new StringBuilder(String.join(",", result.columns().stream().map(ResultFormatter::csvCell).toList())).append('\n');
    for (List<Object> r : result.rows()) {
      out.append(String.join(",", r.stream().map(v -> v == null ? "" : csvCell(String.valueOf(v))).toList())).append('\n');
    }
    return out.toString();
  }

  private static String csvCell(String v) {
    return v.isEmpty() || v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")
        ? '"' + v.replace("\"", "\"\"") + '"' : v;
  }

  private static String json(QueryResult result) {
    ArrayNode array = JSON.createArrayNode();
    for (List<Object> r : result.rows()) {
      ObjectNode o = array.addObject();
      for (int i = 0; i < r.size(); i++) {
        Object v = r.get(i);
        String k = result.columns().get(i);
        if (v == null) {
          o.putNull(k);
        } else if (v instanceof Number || v instanceof Boolean) {
          o.putPOJO(k, v);
        } else {
          o.put(k, String.valueOf(v));
        }
      }
    }
    try {
      return JSON.writeValueAsString(array) + "\n";
    } catch (Exception e) {
      throw MillraceException.internal(e, "Cannot render JSON: %s", e.getMessage());
    }
  }
}
