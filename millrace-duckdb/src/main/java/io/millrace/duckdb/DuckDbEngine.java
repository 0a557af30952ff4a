package io.millrace.duckdb;

import io.millrace.api.MillraceException;
import io.millrace.api.project.EngineSpec;
import io.millrace.api.spi.Engine;
import io.millrace.api.spi.EngineSession;
import io.millrace.api.lineage.ColumnLineage;
import io.millrace.api.lineage.LineageQuery;
import io.millrace.duckdb.internal.ColumnLineageReader;
import io.millrace.duckdb.internal.DuckDbSession;
import io.millrace.duckdb.internal.Errors;
import io.millrace.duckdb.internal.Sql;
import io.millrace.duckdb.internal.TableReferences;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.duckdb.DuckDBConnection;

/**
 * The embedded DuckDB engine: one database (in memory or in a file) whose catalog every session
 * shares. Thread-safe: {@link #session()} hands out sessions on duplicated connections, one per
 * thread. Extensions are never installed or auto-loaded, so a missing one fails at once instead of
 * waiting on the network.
 *
 * <pre>{@code
 * try (DuckDbEngine engine = DuckDbEngine.open(EngineSpec.DEFAULT, null);
 *      EngineSession s = engine.session()) {
 *   s.loadSource(spec, "sales");
 * }
 * }</pre>
 */
public final class DuckDbEngine implements Engine {
  /** Statements parsed per engine round trip at plan time. */
  private static final int PARSE_BATCH = 256;
  private final DuckDBConnection root;
  private final EngineSpec spec;
  /** Parses for {@link #referencedTables}; guarded by its own monitor. */
  private final Connection parser;

  private final Path spillDir;

  private DuckDbEngine(DuckDBConnection root, EngineSpec spec, Path spillDir) throws SQLException {
    this.root = root;
    this.spec = spec;
    this.spillDir = spillDir;
    configure(root);
    this.parser = duplicate();
  }

  /**
   * Opens a database.
   *
   * @param spec threads and memory limit (0 / null = DuckDB's defaults)
   * @param databaseFileOrNull a database file, created when absent; null for in-memory
   * @throws MillraceException EXTERNAL when DuckDB cannot open the database
   */
  public static DuckDbEngine open(EngineSpec spec, Path databaseFileOrNull) {
    return open(spec, databaseFileOrNull, null);
  }

  /**
   * Opens a database whose queries spill to {@code spillDir} (created when first needed; DuckDB
   * deletes its spill files when the engine closes) when they outgrow the memory limit, instead of
   * failing.
   *
   * @param spillDirOrNull null for DuckDB's default (a {@code .tmp} folder in the working directory)
   */
  public static DuckDbEngine open(EngineSpec spec, Path databaseFileOrNull, Path spillDirOrNull) {
    String url = databaseFileOrNull == null ? "jdbc:duckdb:"
        : "jdbc:duckdb:" + databaseFileOrNull.toAbsolutePath();
    try {
      Connection c = DriverManager.getConnection(url, new Properties());
      return new DuckDbEngine(c.unwrap(DuckDBConnection.class), spec == null ? EngineSpec.DEFAULT : spec,
          spillDirOrNull);
    } catch (SQLException e) {
      throw MillraceException.external(e, "Cannot open DuckDB database %s: %s",
          databaseFileOrNull == null ? "in memory" : databaseFileOrNull, Errors.message(e));
    }
  }

  @Override
  public Set<String> referencedTables(String sql) {
    return referencedTables(List.of(sql)).get(0);
  }

  /** DuckDB serializes only SELECT statements; anything else comes back as an error tree. */
  @Override
  public boolean isReadOnly(String sql) {
    return TableReferences.isQuery(parseTrees(List.of(sql)).get(0));
  }

  /**
   * Limits the files SQL may read or write to {@code dirs} (and below), for defence in depth against
   * user-supplied SQL: external access is turned off except for those folders, DuckDB's spill folder
   * moves to {@code tempDir} (inside one of them), and the configuration is locked, so no statement
   * can undo it. Call once, before handing out sessions.
   */
  public void restrictFiles(Collection<Path> dirs, Path tempDir) {
    String list = dirs.stream().map(d -> Sql.literal(d.toAbsolutePath().normalize() + "/")).distinct()
        .collect(Collectors.joining(", ", "[", "]"));
    try (Statement s = root.createStatement()) {
      s.execute("SET temp_directory = " + Sql.literal(tempDir));
      s.execute("SET allowed_directories = " + list);
      s.execute("SET enable_external_access = false");
      s.execute("SET lock_configuration = true");
    } catch (SQLException e) {
      throw Errors.sql(e, "restrict the engine's file access");
    }
  }

  /**
   * Parses up to {@value #PARSE_BATCH} statements per query: {@code json_serialize_sql} reports a
   * parse error as JSON instead of failing, so one bad statement does not spoil its batch.
   */
  @Override
  public List<Set<String>> referencedTables(List<String> sqls) {
    List<Set<String>> out = new ArrayList<>(sqls.size());
    for (int from = 0; from < sqls.size(); from += PARSE_BATCH) {
      List<String> batch = sqls.subList(from, Math.min(sqls.size(), from + PARSE_BATCH));
      List<String> trees = parseTrees(batch);
      for (int i = 0; i < batch.size(); i++) {
        out.add(TableReferences.of(trees.get(i), batch.get(i)));
      }
    }
    return out;
  }

  /** Column lineage from DuckDB's parse trees ({@link ColumnLineageReader}), parsed in batches. */
  @Override
  public List<ColumnLineage> columnLineage(List<LineageQuery> queries) {
    List<ColumnLineage> out = new ArrayList<>(queries.size());
    for (int from = 0; from < queries.size(); from += PARSE_BATCH) {
      List<LineageQuery> batch = queries.subList(from, Math.min(queries.size(), from + PARSE_BATCH));
      List<String> trees = parseTrees(batch.stream().map(LineageQuery::sql).toList());
      for (int i = 0; i < batch.size(); i++) {
        out.add(ColumnLineageReader.read(trees.get(i), batch.get(i)));
      }
    }
    return out;
  }

  /**
   * Parse trees of the statements parsed last, by statement: planning parses every model for its
   * references and then again for its column lineage; the second pass reuses the first's trees.
   * Bounded by total size; guarded by the parser's monitor.
   */
  private final Map<String, String> recentTrees = new LinkedHashMap<>(256, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
      if (recentChars > MAX_RECENT_CHARS) {
        recentChars -= eldest.getKey().length() + eldest.getValue().length();
        return true;
      }
      return false;
    }
  };
  private static final long MAX_RECENT_CHARS = 32L << 20;
  private long recentChars;

  private List<String> parseTrees(List<String> batch) {
    synchronized (parser) {
      List<String> missing = batch.stream().filter(sql -> !recentTrees.containsKey(sql)).distinct().toList();
      if (!missing.isEmpty()) {
        List<String> parsed = parse(missing);
        for (int i = 0; i < missing.size(); i++) {
          recentChars += missing.get(i).length() + parsed.get(i).length();
          recentTrees.put(missing.get(i), parsed.get(i));
        }
      }
      List<String> trees = new ArrayList<>(batch.size());
      for (String sql : batch) {
        String tree = recentTrees.get(sql);
        trees.add(tree != null ? tree : parse(List.of(sql)).get(0));   // evicted meanwhile (a huge batch)
      }
      return trees;
    }
  }

  private List<String> parse(List<String> batch) {
    String query = "SELECT json_serialize_sql(s, skip_null := true, skip_empty := true)::VARCHAR FROM (VALUES "
        + String.join(", ", Collections.nCopies(batch.size(), "(?, ?)")) + ") AS v(i, s) ORDER BY i";
    List<String> trees = new ArrayList<>(batch.size());
    try (PreparedStatement p = parser.prepareStatement(query)) {
      for (int i = 0; i < batch.size(); i++) {
        p.setInt(2 * i + 1, i);
        p.setString(2 * i + 2, Sql.body(batch.get(i)));
      }
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          trees.add(rs.getString(1));
        }
      }
    } catch (SQLException e) {
      throw Errors.sql(e, "parse SQL");
    }
    return trees;
  }

  @Override
  public EngineSession session() {
    try {
      return new DuckDbSession(duplicate());
    } catch (SQLException e) {
      throw Errors.sql(e, "open DuckDB session");
    }
  }

  @Override
  public void close() {
    try {
      synchronized (parser) {
        parser.close();
      }
      root.close();
    } catch (SQLException e) {
      throw MillraceException.external(e, "Cannot close DuckDB database: %s", Errors.message(e));
    }
  }

  /** Settings are global to the database: set once on the root, they hold for every duplicate. */
  private synchronized Connection duplicate() throws SQLException {
    return root.duplicate();
  }

  private void configure(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("SET autoinstall_known_extensions = false");
      s.execute("SET autoload_known_extensions = false");
      if (spec.threads() > 0) {
        s.execute("SET threads = " + spec.threads());
      }
      if (spec.memoryLimit() != null && !spec.memoryLimit().isBlank()) {
        s.execute("SET memory_limit = " + Sql.literal(spec.memoryLimit()));
      }
      if (spillDir != null) {
        s.execute("SET temp_directory = " + Sql.literal(spillDir));
      }
    }
  }
}
