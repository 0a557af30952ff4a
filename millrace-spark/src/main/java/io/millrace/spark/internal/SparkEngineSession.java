package io.millrace.spark.internal;

import io.millrace.api.Column;
import io.millrace.api.MillraceException;
import io.millrace.api.TableSchema;
import io.millrace.api.project.ExportSpec;
import io.millrace.api.project.SourceSpec;
import io.millrace.api.spi.EngineSession;
import io.millrace.api.spi.QueryResult;
import io.millrace.api.spi.SourceLoad;
import io.millrace.spark.SparkEngine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * One Spark session ({@code newSession()} of the engine's): its temporary views are its own. Shared
 * tables and views ({@link SparkEngine#define}) are (re)defined here as temporary views before each
 * call that runs SQL; stand-ins and {@code CREATE TEMP TABLE}s are this session's only and shadow
 * shared names. One thread at a time; {@link #cancel()} from any thread cancels its Spark job group.
 */
public final class SparkEngineSession implements EngineSession {
  private static final Pattern CREATE_TEMP = Pattern.compile(
      "(?is)\\s*CREATE\\s+(?:OR\\s+REPLACE\\s+)?TEMP(?:ORARY)?\\s+TABLE\\s+(\"(?:[^\"]|\"\")+\"|[\\w$]+)\\s*\\((.*)\\)\\s*;?\\s*");
  private static final Pattern INSERT_VALUES = Pattern.compile(
      "(?is)\\s*INSERT\\s+INTO\\s+(\"(?:[^\"]|\"\")+\"|[\\w$]+)\\s+(VALUES\\s.*)");
  private static final Pattern DROP_TABLE = Pattern.compile(
      "(?is)\\s*DROP\\s+(?:TABLE|VIEW)\\s+(?:IF\\s+EXISTS\\s+)?(\"(?:[^\"]|\"\")+\"|[\\w$]+)\\s*;?\\s*");

  private final SparkEngine engine;
  private final SparkSession spark;
  private final String jobGroup = "millrace-" + UUID.randomUUID();
  /** Shared definitions as defined in this session, by name. */
  private final Map<String, SparkEngine.Definition> applied = new HashMap<>();
  /** Session-only names (stand-ins, temp tables) with their schema; they shadow shared ones. */
  private final Map<String, TableSchema> local = new HashMap<>();
  private long seen = -1;
  private volatile boolean closed;

  public SparkEngineSession(SparkEngine engine, SparkSession spark) {
    this.engine = engine;
    this.spark = spark;
  }

  public SparkSession spark() {
    return spark;
  }

  SparkEngine engine() {
    return engine;
  }

  @Override
  public String dialect() {
    return "spark";
  }

  /** Brings this session's temporary views up to the engine's shared definitions. */
  void sync() {
    spark.sparkContext().setJobGroup(jobGroup, "millrace", true);
    long v = engine.version();
    if (v == seen) {
      return;
    }
    List<SparkEngine.Definition> defs = engine.definitions();
    Set<String> names = new HashSet<>();
    defs.forEach(d -> names.add(key(d.name())));
    for (String name : new ArrayList<>(applied.keySet())) {
      if (!names.contains(name)) {
        applied.remove(name);
        if (!local.containsKey(name)) {
          spark.catalog().dropTempView(name);
        }
      }
    }
    List<SparkEngine.Definition> pending = new ArrayList<>();
    for (SparkEngine.Definition d : defs) {
      if (applied.get(key(d.name())) != d && !local.containsKey(key(d.name()))) {
        pending.add(d);
      }
    }
    // a view may read a name defined after it: retry the failures while any succeeds
    boolean progress = true;
    while (!pending.isEmpty() && progress) {
      progress = false;
      for (var it = pending.iterator(); it.hasNext(); ) {
        SparkEngine.Definition d = it.next();
        try {
          define(d);
          applied.put(key(d.name()), d);
          it.remove();
          progress = true;
        } catch (Exception e) {
          // left undefined here; a query reading it fails with Spark's message
        }
      }
    }
    seen = v;
  }

  private void define(SparkEngine.Definition d) {
    if (d.viewSql() != null) {
      spark.sql("CREATE OR REPLACE TEMPORARY VIEW " + ident(d.name()) + " AS " + d.viewSql());
    } else {
      d.dataset().apply(spark).createOrReplaceTempView(ident(d.name()));
    }
  }

  static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  static String ident(String name) {
    return "`" + name.replace("`", "``") + "`";
  }

  static String unquote(String ident) {
    return ident.startsWith("\"") ? ident.substring(1, ident.length() - 1).replace("\"\"", "\"") : ident;
  }

  Dataset<Row> sql(String sql, String what) {
    sync();
    try {
      return spark.sql(SqlTranslator.toSpark(sql));
    } catch (Exception e) {
      throw Errors.of(e, what);
    }
  }

  private static final Pattern DESCRIBE_QUERY = Pattern.compile("(?is)\\s*DESCRIBE\\s+((?:SELECT|WITH|FROM|VALUES)\\b.*)");

  @Override
  public QueryResult query(String sql) {
    Matcher d = DESCRIBE_QUERY.matcher(sql);
    if (d.matches()) {
      // DuckDB's DESCRIBE of a query: one row per column, its type as DuckDB names the logical type
      TableSchema schema = describe(d.group(1));
      List<List<Object>> rows = new ArrayList<>();
      for (Column c : schema.columns()) {
        rows.add(java.util.Arrays.asList(c.name(), c.sql(), "YES", null, null, null));
      }
      return new QueryResult(List.of("column_name", "column_type", "null", "key", "default", "extra"), rows);
    }
    Dataset<Row> ds = sql(sql, "run query");
    try {
      List<String> columns = List.of(ds.columns());
      List<List<Object>> rows = new ArrayList<>();
      for (Row r : ds.collectAsList()) {
        List<Object> row = new ArrayList<>(r.size());
        for (int i = 0; i < r.size(); i++) {
          row.add(SparkTypes.jdbcValue(r.get(i)));
        }
        rows.add(row);
      }
      return new QueryResult(columns, rows);
    } catch (Exception e) {
      throw Errors.of(e, "run query");
    }
  }

  @Override
  public long execute(String sql) {
    Matcher m = CREATE_TEMP.matcher(sql);
    if (m.matches()) {
      createTempTable(unquote(m.group(1)), m.group(2));
      return 0;
    }
    m = INSERT_VALUES.matcher(sql);
    if (m.matches() && local.containsKey(key(unquote(m.group(1))))) {
      return insertValues(unquote(m.group(1)), m.group(2));
    }
    m = DROP_TABLE.matcher(sql);
    if (m.matches() && local.containsKey(key(unquote(m.group(1))))) {
      String name = unquote(m.group(1));
      local.remove(key(name));
      spark.catalog().dropTempView(name);
      seen = -1;   // a shared definition of the same name shows again
      return 0;
    }
    Dataset<Row> ds = sql(sql, "run statement");
    try {
      if (TableNames.isQuery(ds.queryExecution().logical())) {
        ds.collect();
      }
      return -1;
    } catch (Exception e) {
      throw Errors.of(e, "run statement");
    }
  }

  /** DuckDB's {@code CREATE TEMP TABLE t (c TYPE, ...)}: an empty session view of those columns. */
  private void createTempTable(String name, String columnDefs) {
    List<Column> columns = new ArrayList<>();
    for (String def : columnDefs.split(",(?![^(]*\\))")) {
      String d = def.strip();
      Matcher cm = Pattern.compile("(\"(?:[^\"]|\"\")+\"|[\\w$]+)\\s+(.+)").matcher(d);
      if (!cm.matches()) {
        throw MillraceException.user("Cannot create temporary table %s: cannot read column definition '%s'", name, d);
      }
      columns.add(Column.parse(unquote(cm.group(1)), cm.group(2).strip()));
    }
    TableSchema schema = new TableSchema(columns);
    standIn(name, schema);
  }

  private long insertValues(String name, String values) {
    TableSchema schema = local.get(key(name));
    Dataset<Row> rows = sql("SELECT * FROM " + values, "insert into " + name);
    String[] cols = rows.columns();
    org.apache.spark.sql.Column[] casts = new org.apache.spark.sql.Column[cols.length];
    for (int i = 0; i < cols.length; i++) {
      Column c = schema.columns().get(i);
      casts[i] = rows.col(ident(cols[i])).cast(SparkTypes.spark(c)).as(c.name());
    }
    Dataset<Row> typed = rows.select(casts);
    long n = typed.count();
    spark.table(ident(name)).union(typed).localCheckpoint().createOrReplaceTempView(ident(name));
    return n;
  }

  @Override
  public TableSchema describe(String sql) {
    return SparkTypes.schema(bind(sql).schema());
  }

  /** Parses and analyses a query (Spark analyses eagerly), refusing anything but a query. */
  Dataset<Row> bind(String sql) {
    sync();
    String spk = SqlTranslator.toSpark(sql);
    try {
      if (!TableNames.isQuery(spark.sessionState().sqlParser().parsePlan(spk))) {
        throw MillraceException.user("Cannot bind query: it is not a query (only SELECT, WITH ... SELECT, VALUES)");
      }
      return spark.sql(spk);
    } catch (Exception e) {
      throw Errors.of(e, "bind query");
    }
  }

  @Override
  public TableSchema describeAs(String name, String sql) {
    Dataset<Row> ds = bind(sql);
    TableSchema schema = SparkTypes.schema(ds.schema());
    ds.limit(0).createOrReplaceTempView(ident(name));
    local.put(key(name), schema);
    return schema;
  }

  @Override
  public void standIn(String name, TableSchema schema) {
    sync();
    StructType struct = SparkTypes.struct(schema, null);
    spark.createDataFrame(List.<Row>of(), struct).createOrReplaceTempView(ident(name));
    local.put(key(name), schema);
  }

  @Override
  public SourceLoad loadSource(SourceSpec source, String table) {
    sync();
    return new SourceLoader(this).load(source, table);
  }

  @Override
  public TableSchema describeSource(SourceSpec source) {
    sync();
    return new SourceLoader(this).describe(source);
  }

  @Override
  public long writeParquet(String sql, Path file, Map<String, Integer> fieldIds) {
    Dataset<Row> ds = bind(sql);
    return new ParquetOut(this).write(ds, SparkTypes.schema(ds.schema()), file, fieldIds);
  }

  @Override
  public long writeParquet(String sql, TableSchema schema, Path file, Map<String, Integer> fieldIds) {
    return new ParquetOut(this).write(bind(sql), schema, file, fieldIds);
  }

  @Override
  public void registerTable(String name, TableSchema schema, List<Path> files) {
    registerTable(name, schema, files, null);
  }

  /**
   * A view over Parquet files: by Iceberg field id when given ({@code spark.sql.parquet.fieldId.read.enabled}),
   * else by name; columns cast to the schema's types, missing ones NULL.
   */
  @Override
  public void registerTable(String name, TableSchema schema, List<Path> files, Map<String, Integer> fieldIds) {
    List<String> paths = files.stream().map(p -> p.toAbsolutePath().toString()).toList();
    StructType struct = SparkTypes.struct(schema, fieldIds);
    engine.define(new SparkEngine.Definition(name, s -> paths.isEmpty()
        ? s.createDataFrame(List.<Row>of(), SparkTypes.struct(schema, null))
        : s.read().schema(struct).parquet(paths.toArray(String[]::new)), null));
    local.remove(key(name));
  }

  @Override
  public void registerView(String name, String sql) {
    String spk = SqlTranslator.toSpark(sql);
    sync();
    try {
      // bound here first so a bad view fails now, naming it, not in a later session
      spark.sql("CREATE OR REPLACE TEMPORARY VIEW " + ident(name) + " AS " + spk);
    } catch (Exception e) {
      throw Errors.of(e, "register view '" + name + "'");
    }
    local.remove(key(name));
    SparkEngine.Definition d = new SparkEngine.Definition(name, null, spk);
    engine.define(d);
    applied.put(key(name), d);
  }

  /** Defines a shared table over a dataset (a loaded source). */
  void defineShared(String name, java.util.function.Function<SparkSession, Dataset<Row>> dataset) {
    engine.define(new SparkEngine.Definition(name, dataset, null));
    local.remove(key(name));
  }

  @Override
  public void drop(String name) {
    engine.remove(name);
    local.remove(key(name));
    applied.remove(key(name));
    spark.catalog().dropTempView(name);
  }

  @Override
  public long export(ExportSpec export, String sql) {
    return new Exports(this).export(export, bind(sql), null);
  }

  @Override
  public long export(ExportSpec export, String sql, String tag) {
    return new Exports(this).export(export, bind(sql), tag);
  }

  /**
   * Cancels the session's running job. A query still being planned when this is
   * called submits its job afterwards, which one {@code cancelJobGroup} would miss and leave running
   * (it held both task slots of {@code local[2]} after a timed-out node): the group is cancelled again
   * every 500 ms until the session is closed (at most a minute).
   */
  @Override
  public void cancel() {
    org.apache.spark.SparkContext sc = spark.sparkContext();
    sc.cancelJobGroup(jobGroup);
    Thread again = new Thread(() -> {
      for (int i = 0; i < 120 && !closed; i++) {
        try {
          Thread.sleep(500);
        } catch (InterruptedException e) {
          return;
        }
        sc.cancelJobGroup(jobGroup);
      }
    }, "millrace-spark-cancel");
    again.setDaemon(true);
    again.start();
  }

  @Override
  public void close() {
    closed = true;
    for (String name : local.keySet()) {
      spark.catalog().dropTempView(name);
    }
    local.clear();
  }
}
