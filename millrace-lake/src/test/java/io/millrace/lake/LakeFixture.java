package io.millrace.lake;

import io.millrace.api.Column;
import io.millrace.api.LogicalType;
import io.millrace.api.TableSchema;
import io.millrace.api.spi.CommitRequest;
import io.millrace.api.spi.SnapshotInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.hadoop.HadoopTables;
import org.apache.iceberg.io.CloseableIterable;

/** A warehouse in a temp folder plus a DuckDB connection that writes and reads its Parquet files. */
final class LakeFixture implements AutoCloseable {
  final Path folder;
  final IcebergWarehouse warehouse;
  private final Connection duck;

  LakeFixture(Path folder) {
    this(folder, io.millrace.api.project.WarehouseRetention.DEFAULT);
  }

  LakeFixture(Path folder, io.millrace.api.project.WarehouseRetention retention) {
    this(folder, IcebergWarehouse.open(folder, retention));
  }

  /** A warehouse on any catalog (its files in {@code warehouse.folder()}). */
  LakeFixture(io.millrace.api.project.WarehouseCatalog catalog, io.millrace.api.project.WarehouseRetention retention) {
    this(catalog.location(), IcebergWarehouse.open(catalog, retention));
  }

  private LakeFixture(Path folder, IcebergWarehouse warehouse) {
    this.folder = folder;
    this.warehouse = warehouse;
    try {
      this.duck = DriverManager.getConnection("jdbc:duckdb:");
      try (Statement st = duck.createStatement()) {
        st.execute("SET autoinstall_known_extensions=false");
        st.execute("SET autoload_known_extensions=false");
        st.execute("SET TimeZone='UTC'");
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  static TableSchema schema(Object... nameTypePairs) {
    List<Column> cols = new ArrayList<>();
    for (int i = 0; i < nameTypePairs.length; i += 2) {
      cols.add(new Column((String) nameTypePairs[i], (LogicalType) nameTypePairs[i + 1]));
    }
    return new TableSchema(cols);
  }

  /** Writes {@code select} to a new data file of {@code table} with the warehouse's ids for {@code schema}. */
  Path write(String table, TableSchema schema, String select) {
    return write(table, select, warehouse.fieldIds(table, schema));
  }

  Path write(String table, String select, Map<String, Integer> ids) {
    Path file = warehouse.newDataFile(table);
    String fieldIds = ids.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
        .collect(Collectors.joining(", ", "{", "}"));
    execute("COPY (" + select + ") TO '" + file + "' (FORMAT parquet, FIELD_IDS " + fieldIds + ")");
    return file;
  }

  Path writeWithoutIds(String table, String select) {
    Path file = warehouse.newDataFile(table);
    execute("COPY (" + select + ") TO '" + file + "' (FORMAT parquet)");
    return file;
  }

  SnapshotInfo overwrite(String table, TableSchema schema, String select) {
    return commit(table, schema, CommitRequest.Mode.OVERWRITE, null, select);
  }

  SnapshotInfo append(String table, TableSchema schema, String tag, String select) {
    return commit(table, schema, CommitRequest.Mode.APPEND, tag, select);
  }

  SnapshotInfo commit(String table, TableSchema schema, CommitRequest.Mode mode, String tag, String select) {
    Path file = write(table, schema, select);
    return warehouse.commit(new CommitRequest(table, schema, List.of(file), mode, tag, Map.of()));
  }

  void execute(String sql) {
    try (Statement st = duck.createStatement()) {
      st.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  /** Rows of {@code select} over {@code read_parquet(files)} exposed as relation {@code t}, as lists. */
  List<List<Object>> duckRows(List<Path> files, String select) {
    String list = files.stream().map(f -> "'" + f + "'").collect(Collectors.joining(", ", "[", "]"));
    return duckRows("SELECT * FROM read_parquet(" + list + ")", select);
  }

  /**
   * Like {@link #duckRows} but the files are read by Iceberg field id, the way Iceberg does: DuckDB's
   * {@code read_parquet(..., schema=MAP{id: {name, type, default_value}})} maps each file's column
   * with that id to the name and type, and yields NULL where a file has no such id (columns added
   * later, or retyped as a new column).
   */
  List<List<Object>> duckRowsById(List<Path> files, TableSchema schema, Map<String, Integer> ids, String select) {
    String list = files.stream().map(f -> "'" + f + "'").collect(Collectors.joining(", ", "[", "]"));
    String map = schema.columns().stream()
        .map(c -> ids.get(c.name()) + ": {name: '" + c.name() + "', type: '" + c.type().sql() + "', default_value: NULL}")
        .collect(Collectors.joining(", ", "MAP {", "}"));
    return duckRows("SELECT * FROM read_parquet(" + list + ", schema=" + map + ")", select);
  }

  private List<List<Object>> duckRows(String relation, String select) {
    String sql = "WITH t AS (" + relation + ") " + select;
    try (Statement st = duck.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      List<List<Object>> rows = new ArrayList<>();
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<Object> row = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          row.add(rs.getObject(i));
        }
        rows.add(row);
      }
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  /** The table as Iceberg itself sees it (independent of the warehouse's cache). */
  Table icebergTable(String table) {
    if (warehouse.catalog().kind() != io.millrace.api.project.WarehouseCatalog.Kind.LOCAL) {
      // a catalog of its own, as another process would open it
      io.millrace.lake.internal.LocalCatalog other = io.millrace.lake.internal.LocalCatalog.open(warehouse.catalog());
      try {
        return other.catalog().loadTable(other.identifier(table));
      } finally {
        other.close();
      }
    }
    return new HadoopTables(new Configuration()).load(folder.resolve(table).toString());
  }

  /** Rows read by Iceberg's generic reader (matches Parquet columns by field id). */
  List<Record> icebergRows(String table) {
    return read(IcebergGenerics.read(icebergTable(table)).build());
  }

  List<Record> icebergRows(String table, long snapshotId) {
    return read(IcebergGenerics.read(icebergTable(table)).useSnapshot(snapshotId).build());
  }

  private static List<Record> read(CloseableIterable<Record> records) {
    List<Record> rows = new ArrayList<>();
    try (records) {
      records.forEach(r -> rows.add(r.copy()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }

  @Override
  public void close() throws SQLException {
    warehouse.close();
    duck.close();
  }
}
