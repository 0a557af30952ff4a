package io.millrace.core.project.internal;

import io.millrace.api.MillraceException;
import io.millrace.api.Secrets;
import io.millrace.api.Suggestions;
import io.millrace.api.project.EngineSpec;
import io.millrace.api.project.ExportSpec;
import io.millrace.api.project.GenerateSpec;
import io.millrace.api.project.ModelSpec;
import io.millrace.api.project.PipelineSpec;
import io.millrace.api.project.OnlineStoreSpec;
import io.millrace.api.project.ProjectSpec;
import io.millrace.api.project.WarehouseRetention;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Turns the text of {@code millrace.yaml} (and the {@code models/} folder) into a {@link ProjectSpec}.
 * Variables are resolved first, so every later string can use them.
 */
public final class ProjectReader {
  static final String FILE = "millrace.yaml";
  static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final String[] TOP_KEYS = {"name", "vars", "generate", "warehouse", "run_store",
      "cost_per_hour", "engine", "sources", "models", "exports", "pipeline", "warehouse_retention", "lineage",
      "alerts", "online_store", "kafka", "log_retention"};

  private ProjectReader() {}

  /**
   * @param root the project folder (absolute)
   * @param overrides {@code --var} values, winning over {@code vars:}
   */
  public static ProjectSpec read(Path root, String text, Map<String, String> overrides,
                                 Function<String, String> env) {
    return read(root, text, overrides, env, true);
  }

  /**
   * @param withExports false leaves {@code exports:} unread (empty list), so commands that never
   *     export (runs, report, tables) do not need the variables only exports use
   */
  public static ProjectSpec read(Path root, String text, Map<String, String> overrides,
                                 Function<String, String> env, boolean withExports) {
    YNode.Context ctx = new YNode.Context(FILE, root);
    Node doc = YamlDoc.parse(text, FILE);
    if (doc == null) {
      throw MillraceException.user("Cannot load project %s: %s is empty (it needs at least 'name:')", root, FILE);
    }
    YNode top = new YNode(doc, "", ctx);
    Map<String, YNode> f = top.fields(TOP_KEYS);
    ctx.vars = variables(f.get("vars"), overrides, env);
    ctx.vars.checkReferences();

    if (!f.containsKey("name")) {
      throw top.error("missing required key 'name' (the project name)");
    }
    String name = f.get("name").text().trim();
    if (name.isEmpty()) {
      throw f.get("name").error("name must not be empty");
    }
    Path stateDir = root.resolve(".millrace");
    io.millrace.api.project.WarehouseCatalog catalog = WarehouseReader.read(f.get("warehouse"), root, name);
    Path warehouse = catalog.location();
    String runStore = f.containsKey("run_store") ? jdbcUrl(f.get("run_store"))
        : "jdbc:sqlite:" + stateDir.resolve("runs.db");
    double cost = f.containsKey("cost_per_hour") ? f.get("cost_per_hour").number(0) : 0;
    PipelineSpec pipeline = PipelineReader.read(f.get("pipeline"));
    Map<String, ModelSpec> models = ModelReader.read(root, f.get("models"), pipeline.retry());
    checkOverridesAreUsed(overrides, f.get("vars"), text, models, root);
    var sources = SourceReader.read(f.get("sources"));
    var exports = withExports ? ExportReader.read(f.get("exports")) : List.<ExportSpec>of();
    GenerateSpec gen = generate(f.get("generate"));
    EngineSpec engineSpec = engine(f.get("engine"));
    io.millrace.core.lineage.LineageConfig.remember(root, LineageReader.read(f.get("lineage")));
    io.millrace.core.logs.LogRetention.remember(root, LogRetentionReader.read(f.get("log_retention")));
    // Expanded last: the variables the strings above used, and those the models use.
    Map<String, String> vars = ctx.vars.resolvedVars(references(models));
    return new ProjectSpec(name, root, warehouse, stateDir, runStore, vars, sources, models, exports, pipeline,
        engineSpec, cost, gen, StreamReader.read(root, ctx.vars,
            StreamReader.Kafka.read(f.get("kafka"))), retention(f.get("warehouse_retention")),
        FeatureViewReader.read(root, ctx.vars), AlertReader.read(f.get("alerts")),
        onlineStore(f.get("online_store"), stateDir), catalog);
  }

  /** {@code online_store: rocksdb} (the default, under .millrace/online), {@code rocksdb:FOLDER} or {@code redis://host:port[/db]}. */
  static OnlineStoreSpec onlineStore(YNode node, Path stateDir) {
    if (node == null || node.isNull()) {
      return OnlineStoreSpec.rocksDb(stateDir);
    }
    String text = node.text().trim();
    if (text.equals("rocksdb")) {
      return OnlineStoreSpec.rocksDb(stateDir);
    }
    if (text.startsWith("rocksdb:") && text.length() > "rocksdb:".length()) {
      return new OnlineStoreSpec(OnlineStoreSpec.Kind.ROCKSDB,
          node.context().root.resolve(text.substring("rocksdb:".length())).normalize(), null);
    }
    if (text.startsWith("redis://") || text.startsWith("rediss://")) {
      String reason = redisUrlProblem(text);
      if (reason != null) {
        throw node.error("online_store: %s is not a valid Redis URL (%s); expected redis://host:port[/db]",
            OnlineStoreSpec.mask(text), reason);
      }
      return OnlineStoreSpec.redis(text);
    }
    throw node.error("online_store must be 'rocksdb' (the default, under .millrace/online), 'rocksdb:FOLDER' or a Redis "
        + "URL redis://host:port[/db], found '%s'", OnlineStoreSpec.mask(text));
  }

  /** Why a redis:// URL cannot be used, or null. */
  private static String redisUrlProblem(String text) {
    java.net.URI uri;
    try {
      uri = new java.net.URI(text);
    } catch (java.net.URISyntaxException e) {
      return e.getReason();
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      return "no host";
    }
    if (uri.getPort() == 0 || uri.getPort() > 65535) {
      return "port " + uri.getPort() + " is out of range";
    }
    String path = uri.getPath();
    if (path != null && !path.isEmpty() && !path.equals("/") && !path.matches("/\\d{1,2}")) {
      return "the path must be a database number such as /0, found '" + path + "'";
    }
    if (uri.getQuery() != null) {
      return "query parameters are not supported";
    }
    return null;
  }

  /** {@code warehouse_retention: {keep_days: 7, keep_snapshots: 10}}; either key may be left out. */
  private static WarehouseRetention retention(YNode node) {
    if (node == null || node.isNull()) {
      return WarehouseRetention.DEFAULT;
    }
    Map<String, YNode> f = node.fields("keep_days", "keep_snapshots");
    double days = f.containsKey("keep_days") ? f.get("keep_days").number(0) : 7;
    if (days <= 0) {
      throw f.get("keep_days").error("keep_days must be positive, got %s", f.get("keep_days").rawText());
    }
    int keep = f.containsKey("keep_snapshots") ? f.get("keep_snapshots").integer(1) : 10;
    return new WarehouseRetention(java.time.Duration.ofMillis((long) (days * 86_400_000L)), keep);
  }

  /**
   * A {@code --var} that is neither declared in {@code vars:} nor referenced as {@code ${name}} in
   * millrace.yaml, a model or a stream job ({@code streams/*.yaml}) is a typo ({@code --var inptu=big.csv}) that would silently run on the
   * default: refused, with the closest known name.
   */
  private static void checkOverridesAreUsed(Map<String, String> overrides, YNode declared, String text,
                                            Map<String, ModelSpec> models, Path root) {
    if (overrides.isEmpty()) {
      return;
    }
    Set<String> known = new TreeSet<>();
    if (declared != null) {
      known.addAll(declared.entries().keySet());
    }
    Matcher m = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}").matcher("");
    List<String> texts = concat(text, models);
    texts.addAll(StreamReader.texts(root));
    for (String source : texts) {
      m.reset(source);
      while (m.find()) {
        known.add(m.group(1));
      }
    }
    for (String name : overrides.keySet()) {
      if (!known.contains(name)) {
        String hint = Suggestions.closest(name, known).map(s -> "; did you mean '" + s + "'?")
            .orElse(known.isEmpty() ? "; the project declares no variables" : " (known: " + String.join(", ", known) + ")");
        throw MillraceException.user("Cannot use --var %s: the project neither declares nor uses a variable '%s'%s",
            name, name, hint);
      }
    }
  }

  private static Set<String> references(Map<String, ModelSpec> models) {
    Set<String> names = new TreeSet<>();
    Matcher m = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}").matcher("");
    for (ModelSpec mo : models.values()) {
      m.reset(mo.sql());
      while (m.find()) {
        names.add(m.group(1));
      }
    }
    return names;
  }

  private static List<String> concat(String text, Map<String, ModelSpec> models) {
    List<String> all = new ArrayList<>();
    all.add(text);
    models.values().forEach(mo -> all.add(mo.sql()));
    return all;
  }

  /** Table names are SQL identifiers: letters, digits and _, not starting with a digit. */
  static void checkName(String name, YNode node, String what) {
    if (!NAME.matcher(name).matches()) {
      throw node.error("%s name '%s' must be letters, digits and _ and start with a letter or _", what, name);
    }
  }

  /** A JDBC URL; a relative SQLite file is resolved against the project folder. */
  static String jdbcUrl(YNode node) {
    String url = node.text().trim();
    if (!url.startsWith("jdbc:")) {
      throw node.error("%s must be a JDBC URL (jdbc:sqlite:file.db, jdbc:postgresql://host/db), found '%s'",
          node.path(), Secrets.mask(url));
    }
    String sqlite = "jdbc:sqlite:";
    if (url.startsWith(sqlite) && !url.startsWith(sqlite + ":memory:") && !url.startsWith(sqlite + "file:")) {
      String file = url.substring(sqlite.length());
      return sqlite + node.context().root.resolve(file).normalize();
    }
    return url;
  }

  private static Interpolator variables(YNode node, Map<String, String> overrides,
                                        Function<String, String> env) {
    Map<String, String> raw = new LinkedHashMap<>();
    Map<String, String> where = new LinkedHashMap<>();
    if (node != null) {
      for (Map.Entry<String, YNode> e : node.entries().entrySet()) {
        raw.put(e.getKey(), e.getValue().rawText());
        where.put(e.getKey(), e.getValue().location());
      }
    }
    for (Map.Entry<String, String> o : overrides.entrySet()) {
      raw.put(o.getKey(), o.getValue());
      where.put(o.getKey(), "--var " + o.getKey());
    }
    return new Interpolator(raw, where, env);
  }

  /** Engine types the reader accepts; whether the engine's module is on the class path is checked when it opens. */
  static final java.util.List<String> ENGINE_TYPES = java.util.List.of("duckdb", "spark");

  private static EngineSpec engine(YNode node) {
    if (node == null) {
      return EngineSpec.DEFAULT;
    }
    Map<String, YNode> f = node.fields("type", "threads", "memory", "master", "conf");
    String type = f.containsKey("type") ? f.get("type").text().trim() : EngineSpec.DEFAULT.type();
    if (!ENGINE_TYPES.contains(type)) {
      throw f.get("type").error("engine.type '%s' is not available (available: %s)", type, String.join(", ", ENGINE_TYPES));
    }
    int threads = f.containsKey("threads") ? f.get("threads").integer(0) : 0;
    String memory = f.containsKey("memory") ? f.get("memory").text().trim() : null;
    String master = null;
    Map<String, String> conf = new LinkedHashMap<>();
    if (type.equals("spark")) {
      master = f.containsKey("master") ? f.get("master").text().trim() : EngineSpec.DEFAULT_SPARK_MASTER;
      if (f.containsKey("conf")) {
        YNode c = f.get("conf");
        if (!c.isMap()) {
          throw c.error("engine.conf must be a map of Spark settings, e.g. {spark.sql.shuffle.partitions: 8}");
        }
        c.entries().forEach((k, v) -> conf.put(k, v.text()));
      }
    } else if (f.containsKey("master") || f.containsKey("conf")) {
      YNode bad = f.containsKey("master") ? f.get("master") : f.get("conf");
      throw bad.error("engine.%s applies to the spark engine only (engine.type is %s)",
          f.containsKey("master") ? "master" : "conf", type);
    }
    return new EngineSpec(type, threads, memory, master, conf);
  }

  private static GenerateSpec generate(YNode node) {
    if (node == null) {
      return null;
    }
    Map<String, YNode> f = node.entries();
    if (!f.containsKey("dataset") || !f.containsKey("out")) {
      throw node.error("generate needs 'dataset' (sales or recsys) and 'out' (where to write)");
    }
    Map<String, String> options = new LinkedHashMap<>();
    f.forEach((k, v) -> {
      if (!k.equals("dataset") && !k.equals("out")) {
        options.put(k, v.text());
      }
    });
    return new GenerateSpec(f.get("dataset").text().trim(), f.get("out").file(), options);
  }
}
