package io.millrace.spark.internal;

import io.millrace.api.Column;
import io.millrace.api.MillraceException;
import io.millrace.api.TableSchema;
import io.millrace.api.project.ExportSpec;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Exports on Spark: Parquet and CSV as one file each; SQLite and PostgreSQL through their JDBC
 * drivers, rows streamed from Spark ({@code toLocalIterator}) into one transaction that replaces the
 * table or appends to it (tagged appends first delete the tag's earlier rows).
 */
final class Exports {
  private static final int BATCH = 1000;
  private final SparkEngineSession session;

  Exports(SparkEngineSession session) {
    this.session = session;
  }

  long export(ExportSpec spec, Dataset<Row> ds, String tag) {
    TableSchema schema = SparkTypes.schema(ds.schema());
    Dataset<Row> typed = ParquetOut.typed(ds, schema, null);
    String what = "export table '" + spec.table() + "' to " + (spec.format() == ExportSpec.Format.POSTGRES ? "PostgreSQL" : spec.target());
    switch (spec.format()) {
      case PARQUET:
      case CSV: {
        if (spec.mode() == ExportSpec.Mode.APPEND) {
          throw MillraceException.user("Cannot %s: APPEND to a %s file is not supported on the Spark engine", what, spec.format());
        }
        boolean csv = spec.format() == ExportSpec.Format.CSV;
        Map<String, String> options = csv ? Map.of("header", "true", "timestampNTZFormat", "yyyy-MM-dd HH:mm:ss[.SSSSSS]",
            "timestampFormat", "yyyy-MM-dd HH:mm:ss[.SSSSSS]XXX") : Map.of();
        return new ParquetOut(session).single(typed, Path.of(spec.target()), csv ? "csv" : "parquet", options, what);
      }
      case SQLITE:
        return jdbc(spec, "jdbc:sqlite:" + Path.of(spec.target()).toAbsolutePath(), typed, schema, tag, true, what);
      case POSTGRES:
        return jdbc(spec, spec.target(), typed, schema, tag, false, what);
      default:
        throw MillraceException.user("Cannot %s: format %s is not supported", what, spec.format());
    }
  }

  private long jdbc(ExportSpec spec, String url, Dataset<Row> rows, TableSchema schema, String tag, boolean sqlite, String what) {
    if (sqlite) {
      try {
        java.nio.file.Files.createDirectories(Path.of(spec.target()).toAbsolutePath().getParent());
      } catch (java.io.IOException e) {
        throw MillraceException.user("Cannot %s: %s", what, e.getMessage());
      }
    }
    String table = io.millrace.api.SqlText.ident(spec.targetTable());
    boolean append = spec.mode() == ExportSpec.Mode.APPEND;
    String tagColumn = ExportSpec.INTERVAL_COLUMN;
    try (Connection c = DriverManager.getConnection(url)) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        String columns = schema.columns().stream().map(col -> io.millrace.api.SqlText.ident(col.name()) + " " + ddl(col, sqlite))
            .collect(Collectors.joining(", "));
        if (tag != null) {
          columns += ", " + io.millrace.api.SqlText.ident(tagColumn) + " " + (sqlite ? "TEXT" : "VARCHAR");
        }
        if (!append) {
          s.execute("DROP TABLE IF EXISTS " + table);
        }
        s.execute("CREATE TABLE IF NOT EXISTS " + table + " (" + columns + ")");
        if (tag != null) {
          if (!hasColumn(c, spec.targetTable(), tagColumn)) {
            s.execute("ALTER TABLE " + table + " ADD COLUMN " + io.millrace.api.SqlText.ident(tagColumn) + " " + (sqlite ? "TEXT" : "VARCHAR"));
          }
          try (PreparedStatement del = c.prepareStatement("DELETE FROM " + table + " WHERE " + io.millrace.api.SqlText.ident(tagColumn) + " = ?")) {
            del.setString(1, tag);
            del.executeUpdate();
          }
        }
      }
      int n = schema.columns().size() + (tag != null ? 1 : 0);
      String insert = "INSERT INTO " + table + " (" + schema.columns().stream().map(col -> io.millrace.api.SqlText.ident(col.name()))
          .collect(Collectors.joining(", ")) + (tag != null ? ", " + io.millrace.api.SqlText.ident(tagColumn) : "") + ") VALUES ("
          + String.join(", ", java.util.Collections.nCopies(n, "?")) + ")";
      long count = 0;
      session.sync();
      try (PreparedStatement p = c.prepareStatement(insert)) {
        Iterator<Row> it = rows.toLocalIterator();
        while (it.hasNext()) {
          Row r = it.next();
          for (int i = 0; i < schema.columns().size(); i++) {
            p.setObject(i + 1, jdbcValue(r.get(i), sqlite));
          }
          if (tag != null) {
            p.setString(n, tag);
          }
          p.addBatch();
          if (++count % BATCH == 0) {
            p.executeBatch();
          }
        }
        p.executeBatch();
      }
      c.commit();
      return count;
    } catch (SQLException e) {
      throw MillraceException.external(e, "Cannot %s: %s", what, e.getMessage());
    } catch (Exception e) {
      throw Errors.of(e, what);
    }
  }

  private static boolean hasColumn(Connection c, String table, String column) throws SQLException {
    try (ResultSet rs = c.getMetaData().getColumns(null, null, table, null)) {
      while (rs.next()) {
        if (column.equalsIgnoreCase(rs.getString("COLUMN_NAME"))) {
          return true;
        }
      }
    }
    return false;
  }

  private static String ddl(Column c, boolean sqlite) {
    switch (c.type()) {
      case BOOLEAN: return sqlite ? "BOOLEAN" : "BOOLEAN";
      case INTEGER: return "INTEGER";
      case BIGINT: return "BIGINT";
      case DOUBLE: return sqlite ? "DOUBLE" : "DOUBLE PRECISION";
      case DECIMAL: return "NUMERIC(" + c.precision() + "," + c.scale() + ")";
      case DATE: return sqlite ? "DATE" : "DATE";
      case TIMESTAMP: return sqlite ? "TIMESTAMP" : "TIMESTAMP";
      case TIMESTAMPTZ: return sqlite ? "TIMESTAMP" : "TIMESTAMP WITH TIME ZONE";
      case BLOB: return sqlite ? "BLOB" : "BYTEA";
      default: return sqlite ? "TEXT" : "VARCHAR";
    }
  }

  private static Object jdbcValue(Object v, boolean sqlite) {
    Object j = SparkTypes.jdbcValue(v);
    if (sqlite) {
      if (j instanceof LocalDate d) return d.toString();
      if (j instanceof LocalDateTime t) return t.toString().replace('T', ' ');
      if (j instanceof OffsetDateTime t) return t.toString();
      if (j instanceof BigDecimal b) return b.toPlainString();
      if (j instanceof Boolean b) return b ? 1 : 0;
    }
    return j;
  }
}
