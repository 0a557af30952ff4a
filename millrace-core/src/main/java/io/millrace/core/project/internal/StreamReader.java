package io.millrace.core.project.internal;

import io.millrace.api.LogicalType;
import io.millrace.api.MillraceException;
import io.millrace.api.stream.Processing;
import io.millrace.api.stream.StreamField;
import io.millrace.api.stream.StreamJobSpec;
import io.millrace.api.stream.WindowAggregate;
import io.millrace.api.stream.WindowSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads {@code streams/*.yaml} into {@link StreamJobSpec}s, one job per file named after it. Errors
 * name {@code streams/<file>.yaml:line:column}; project variables are substituted as in
 * {@code millrace.yaml}.
 */
public final class StreamReader {
  static final String DIR = "streams";
  private static final String[] KEYS = {"description", "topic", "format", "key", "event_time", "grace",
      "fields", "checks", "dead_letter", "features", "scoring", "windows", "outputs", "commit_interval", "processing",
      "bootstrap_servers", "partitions", "kafka"};
  private static final String[] KAFKA_KEYS = {"bootstrap_servers", "replication_factor", "min_insync_replicas"};
  private static final Pattern AGGREGATE = Pattern.compile("\\s*(count|sum|avg|min|max)\\s*(?:\\(\\s*([A-Za-z_][A-Za-z0-9_]*)?\\s*\\))?\\s*");

  private StreamReader() {}

  /** Every job under {@code root/streams}, by name in file-name order; empty when there is no folder. */
  static Map<String, StreamJobSpec> read(Path root, Interpolator vars) {
    return read(root, vars, Kafka.NONE);
  }

  /**
   * The Kafka settings of {@code kafka:} in {@code millrace.yaml} or a stream job: each unset value
   * is null (bootstrap servers) or 0 (the broker's default).
   */
  record Kafka(String bootstrapServers, int replicationFactor, int minInsyncReplicas) {
    static final Kafka NONE = new Kafka(null, 0, 0);

    /** {@code kafka: {bootstrap_servers, replication_factor, min_insync_replicas}}; NONE when absent. */
    static Kafka read(YNode node) {
      if (node == null || node.isNull()) {
        return NONE;
      }
      if (!node.isMap()) {
        throw node.error("kafka must be a map with bootstrap_servers, replication_factor and min_insync_replicas");
      }
      Map<String, YNode> k = node.fields(KAFKA_KEYS);
      Kafka kafka = new Kafka(text(k, "bootstrap_servers"),
          k.containsKey("replication_factor") ? k.get("replication_factor").integer(1) : 0,
          k.containsKey("min_insync_replicas") ? k.get("min_insync_replicas").integer(1) : 0);
      if (kafka.replicationFactor > 0 && kafka.minInsyncReplicas > kafka.replicationFactor) {
        throw node.error("min_insync_replicas (%d) cannot exceed replication_factor (%d): no write could ever succeed",
            kafka.minInsyncReplicas, kafka.replicationFactor);
      }
      return kafka;
    }

    /** These settings, each unset one taken from {@code defaults}. */
    Kafka or(Kafka defaults) {
      return new Kafka(bootstrapServers != null ? bootstrapServers : defaults.bootstrapServers,
          replicationFactor > 0 ? replicationFactor : defaults.replicationFactor,
          minInsyncReplicas > 0 ? minInsyncReplicas : defaults.minInsyncReplicas);
    }
  }

  /**
   * @param defaults {@code kafka:} of {@code millrace.yaml}, for what a job's file leaves unset
   */
  static Map<String, StreamJobSpec> read(Path root, Interpolator vars, Kafka defaults) {
    Map<String, StreamJobSpec> out = new LinkedHashMap<>();
    for (Path file : files(root)) {
      StreamJobSpec job = job(root, file, vars, defaults);
      out.put(job.name(), job);
    }
    return out;
  }

  /** The text of every stream job file, before variables are substituted (to find the variables they use). */
  static List<String> texts(Path root) {
    List<String> out = new ArrayList<>();
    for (Path file : files(root)) {
      out.add(text(file, DIR + "/" + file.getFileName()));
    }
    return out;
  }

  private static List<Path> files(Path root) {
    return YamlFiles.in(root.resolve(DIR));
  }

  private static String text(Path file, String label) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw MillraceException.external(e, "Cannot load %s: %s", label, e.getMessage());
    }
  }

  private static StreamJobSpec job(Path root, Path file, Interpolator vars, Kafka defaults) {
    String label = DIR + "/" + file.getFileName();
    String name = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
    String text = text(file, label);
    YNode.Context ctx = new YNode.Context(label, root);
    ctx.vars = vars;
    Node doc = YamlDoc.parse(text, label);
    if (doc == null) {
      throw MillraceException.user("Cannot load %s: the file is empty (a stream job needs topic, key, event_time and fields)", label);
    }
    YNode top = new YNode(doc, "", ctx);
    if (!ProjectReader.NAME.matcher(name).matches()) {
      throw top.error("stream job name '%s' (the file name) must be letters, digits and _ and start with a letter or _", name);
    }
    Map<String, YNode> f = top.fields(KEYS);
    if (f.containsKey("format") && !f.get("format").text().trim().equalsIgnoreCase("json")) {
      throw f.get("format").error("format must be json, found '%s'", f.get("format").text());
    }
    YNode eventTime = required(top, f, "event_time");
    Map<String, YNode> t = eventTime.isMap() ? eventTime.fields("field", "format") : Map.of();
    String timeField = eventTime.isMap() ? required(eventTime, t, "field").text().trim() : eventTime.text().trim();
    String timeFormat = t.containsKey("format") ? t.get("format").text().trim() : null;
    List<StreamField> fields = fields(required(top, f, "fields"));
    YNode outputs = f.get("outputs");
    String outputTopic = outputs == null ? null : text(outputs.fields("topic"), "topic");
    Kafka own = Kafka.read(f.get("kafka"));
    if (f.containsKey("bootstrap_servers")) {
      if (own.bootstrapServers() != null && !own.bootstrapServers().equals(text(f, "bootstrap_servers"))) {
        throw f.get("bootstrap_servers").error("bootstrap_servers '%s' differs from kafka.bootstrap_servers '%s': "
            + "give it once", text(f, "bootstrap_servers"), own.bootstrapServers());
      }
      own = new Kafka(text(f, "bootstrap_servers"), own.replicationFactor(), own.minInsyncReplicas());
    }
    Kafka kafka = own.or(defaults);
    YNode at = f.containsKey("kafka") ? f.get("kafka") : top;
    StreamJobSpec spec = top.at(() -> new StreamJobSpec(name, file, required(top, f, "topic").text().trim(),
        required(top, f, "key").text().trim(), timeField, timeFormat,
        f.containsKey("grace") ? f.get("grace").duration() : null, fields,
        ChecksReader.read(f.get("checks")), text(f, "dead_letter"),
        FeaturesReader.features(f.get("features")), FeaturesReader.scoring(f.get("scoring")), windows(f.get("windows")), outputTopic,
        f.containsKey("commit_interval") ? positive(f.get("commit_interval")) : null,
        f.containsKey("processing") ? f.get("processing").oneOf(Processing.class) : null,
        kafka.bootstrapServers(), f.containsKey("partitions") ? f.get("partitions").integer(1) : 1));
    return at.at(() -> spec.withKafka(kafka.bootstrapServers(), kafka.replicationFactor(), kafka.minInsyncReplicas()));
  }

  private static List<StreamField> fields(YNode node) {
    List<StreamField> out = new ArrayList<>();
    for (Map.Entry<String, YNode> e : node.entries().entrySet()) {
      YNode v = e.getValue();
      String column = e.getKey();
      String path = column;
      YNode type = v;
      if (v.isMap()) {
        Map<String, YNode> m = v.fields("path", "type");
        path = m.containsKey("path") ? m.get("path").text().trim() : column;
        type = required(v, m, "type");
      } else if (column.contains(".")) {
        column = column.replace('.', '_');   // event_data.amount: double -> column event_data_amount
      }
      ProjectReader.checkName(column, v, "field");
      YNode t = type;
      LogicalType parsed = t.at(() -> LogicalType.parse(t.text()));
      // Streams carry numbers as DOUBLE; exact DECIMAL is for batch sources and models so far.
      LogicalType logical = parsed == LogicalType.DECIMAL ? LogicalType.DOUBLE : parsed;
      String col = column;
      String p = path;
      out.add(v.at(() -> new StreamField(col, Arrays.asList(p.split("\\.")), logical)));
    }
    if (out.isEmpty()) {
      throw node.error("fields must declare at least one field");
    }
    return out;
  }

  private static List<WindowSpec> windows(YNode node) {
    List<WindowSpec> out = new ArrayList<>();
    if (node == null) {
      return out;
    }
    for (Map.Entry<String, YNode> e : node.entries().entrySet()) {
      ProjectReader.checkName(e.getKey(), e.getValue(), "window");
      Map<String, YNode> f = e.getValue().fields("group_by", "tumbling", "hopping", "grace", "aggregates");
      Duration size;
      Duration advance;
      if (f.containsKey("tumbling") == f.containsKey("hopping")) {
        throw e.getValue().error("window %s needs exactly one of 'tumbling: SIZE' or 'hopping: {size, advance}'", e.getKey());
      }
      if (f.containsKey("tumbling")) {
        size = positive(f.get("tumbling"));
        advance = size;
      } else {
        Map<String, YNode> h = f.get("hopping").fields("size", "advance");
        size = positive(required(f.get("hopping"), h, "size"));
        advance = positive(required(f.get("hopping"), h, "advance"));
      }
      YNode aggs = required(e.getValue(), f, "aggregates");
      List<WindowAggregate> list = new ArrayList<>();
      for (Map.Entry<String, YNode> a : aggs.entries().entrySet()) {
        ProjectReader.checkName(a.getKey(), a.getValue(), "aggregate");
        list.add(aggregate(a.getKey(), a.getValue()));
      }
      String name = e.getKey();
      out.add(e.getValue().at(() -> new WindowSpec(name, required(e.getValue(), f, "group_by").text().trim(), size,
          advance, f.containsKey("grace") ? f.get("grace").duration() : null, list)));
    }
    return out;
  }

  /** {@code count}, {@code count()}, {@code count(field)}, {@code avg(field)}, ... */
  private static WindowAggregate aggregate(String name, YNode node) {
    Matcher m = AGGREGATE.matcher(node.text());
    if (!m.matches()) {
      throw node.error("%s must be count, count(field), sum(field), avg(field), min(field) or max(field), found '%s'",
          node.path(), node.text());
    }
    WindowAggregate.Function fn = WindowAggregate.Function.valueOf(m.group(1).toUpperCase(java.util.Locale.ROOT));
    return node.at(() -> new WindowAggregate(name, fn, m.group(2)));
  }

  private static Duration positive(YNode node) {
    Duration d = node.duration();
    if (d.isZero() || d.isNegative()) {
      throw node.error("%s must be a positive duration, found '%s'", node.path(), node.text());
    }
    return d;
  }

  private static String text(Map<String, YNode> f, String key) {
    return f.containsKey(key) ? f.get(key).text().trim() : null;
  }

  private static YNode required(YNode node, Map<String, YNode> f, String key) {
    YNode v = f.get(key);
    if (v == null) {
      throw node.error("%s needs '%s'", node.path().isEmpty() ? "a stream job" : node.path(), key);
    }
    return v;
  }
}
