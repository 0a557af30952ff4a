package io.millrace.core.plan.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.api.Column;
import io.millrace.api.LogicalType;
import io.millrace.api.TableSchema;
import io.millrace.api.lineage.ColumnLineage;
import io.millrace.core.lineage.ColumnLineageJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;

/**
 * What planning learnt about each model, kept in {@code .millrace/plan-cache.json} so a re-plan only
 * asks the engine about what changed (dbt's partial parsing, for SQL models).
 *
 * <p>Design note: two facts are cached per table, each under the hash of everything it depends on.
 * The tables a model's SQL reads depend only on its rendered SQL (the parser's answer). A model's
 * result schema depends on its rendered SQL and the names and schemas of the tables it reads, so a
 * changed model invalidates exactly its own entries and, through their schemas, its dependants'.
 * A source without declared columns is keyed by its spec and its file's size and modification time.
 * Every key also covers the Millrace build, so an upgrade (with a new engine) re-checks everything.
 * A missing, unreadable or foreign file is an empty cache; writing is best effort (a read-only
 * project still plans). Not thread-safe: one binder at a time.
 */
public final class PlanCache {
  static final String FILE = "plan-cache.json";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int VERSION = 3;

  private final Path file;
  private final String build;
  private final Map<String, Entry> entries = new LinkedHashMap<>();
  private boolean changed;

  private record Entry(String key, List<String> refs, TableSchema schema, ColumnLineage lineage) {
    Entry(String key, List<String> refs, TableSchema schema) {
      this(key, refs, schema, null);
    }
  }

  private PlanCache(Path file, String build) {
    this.file = file;
    this.build = build;
  }

  /** A cache that remembers nothing (no state folder). */
  public static PlanCache none() {
    return new PlanCache(null, "");
  }

  /** Reads the cache of a project's state folder (empty when absent, stale or unreadable). */
  public static PlanCache open(Path stateDir) {
    PlanCache cache = new PlanCache(stateDir == null ? null : stateDir.resolve(FILE), build());
    cache.read();
    return cache;
  }

  /** The tables {@code sql} reads as written, if this exact SQL was parsed before. */
  public Optional<List<String>> refs(String table, String sql) {
    Entry e = entries.get("refs:" + table);
    return e != null && e.key.equals(hash(sql)) ? Optional.of(e.refs) : Optional.empty();
  }

  public void putRefs(String table, String sql, List<String> refs) {
    put("refs:" + table, new Entry(hash(sql), List.copyOf(refs), null));
  }

  /** The schema found for {@code table} under the same inputs ({@link #schemaKey}). */
  public Optional<TableSchema> schema(String table, String key) {
    Entry e = entries.get("schema:" + table);
    return e != null && e.key.equals(key) ? Optional.of(e.schema) : Optional.empty();
  }

  public void putSchema(String table, String key, TableSchema schema) {
    put("schema:" + table, new Entry(key, List.of(), schema));
  }

  /** A model's column lineage found under the same inputs ({@link #schemaKey}). */
  public Optional<ColumnLineage> lineage(String table, String key) {
    Entry e = entries.get("lineage:" + table);
    return e != null && e.key.equals(key) ? Optional.ofNullable(e.lineage) : Optional.empty();
  }

  public void putLineage(String table, String key, ColumnLineage lineage) {
    put("lineage:" + table, new Entry(key, List.of(), null, lineage));
  }

  /** Key of a model's schema: its SQL and the name and columns of every table it reads. */
  public String schemaKey(String sql, List<String> upstream, Map<String, TableSchema> schemas) {
    StringBuilder s = new StringBuilder(sql);
    for (String up : upstream) {
      s.append("\u0000").append(up);
      for (Column c : schemas.get(up).columns()) {
        s.append("\u0001").append(c.name()).append(' ').append(c.type().name());
      }
    }
    return hash(s.toString());
  }

  /** Key of an inferred source schema: its spec and its file's size and modification time. */
  public String sourceKey(String spec, Path path) {
    try {
      return hash(spec + "\u0000" + Files.size(path) + "\u0000" + Files.getLastModifiedTime(path).toMillis());
    } catch (IOException e) {
      return hash(spec + "\u0000" + System.nanoTime());   // unreadable: a key that never matches
    }
  }

  /** Writes the cache when something changed; failures only cost the next plan its speed-up. */
  public void save() {
    if (file == null || !changed) {
      return;
    }
    ObjectNode root = JSON.createObjectNode();
    root.put("version", VERSION);
    root.put("build", build);
    ObjectNode all = root.putObject("entries");
    entries.forEach((name, e) -> {
      ObjectNode n = all.putObject(name);
      n.put("key", e.key);
      if (e.lineage != null) {
        n.set("lineage", ColumnLineageJson.write(e.lineage));
      } else if (e.schema != null) {
        ArrayNode cols = n.putArray("schema");
        e.schema.columns().forEach(c -> cols.addArray().add(c.name()).add(c.type().name()));
      } else {
        ArrayNode refs = n.putArray("refs");
        e.refs.forEach(refs::add);
      }
    });
    try {
      Files.createDirectories(file.getParent());
      Path tmp = Files.createTempFile(file.getParent(), FILE, ".tmp");
      JSON.writeValue(tmp.toFile(), root);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      changed = false;
    } catch (IOException | RuntimeException e) {
      System.getLogger(PlanCache.class.getName()).log(System.Logger.Level.DEBUG,
          "Cannot write plan cache " + file + ": " + e.getMessage());
    }
  }

  private void put(String name, Entry e) {
    Entry old = entries.put(name, e);
    changed |= !e.equals(old);
  }

  private void read() {
    if (file == null || !Files.isRegularFile(file)) {
      return;
    }
    try {
      JsonNode root = JSON.readTree(file.toFile());
      if (root.path("version").asInt() != VERSION || !build.equals(root.path("build").asText())) {
        return;
      }
      root.path("entries").fields().forEachRemaining(f -> entries.put(f.getKey(), entry(f.getValue())));
    } catch (IOException | RuntimeException e) {
      entries.clear();   // a damaged cache is an empty one: everything is checked again
    }
  }

  private static Entry entry(JsonNode n) {
    if (n.has("lineage")) {
      return new Entry(n.path("key").asText(), List.of(), null, ColumnLineageJson.read(n.get("lineage")));
    }
    if (n.has("schema")) {
      List<Column> cols = new ArrayList<>();
      n.get("schema").forEach(c -> cols.add(new Column(c.get(0).asText(), LogicalType.valueOf(c.get(1).asText()))));
      return new Entry(n.path("key").asText(), List.of(), new TableSchema(cols));
    }
    List<String> refs = new ArrayList<>();
    n.path("refs").forEach(r -> refs.add(r.asText()));
    return new Entry(n.path("key").asText(), List.copyOf(refs), null);
  }

  /** The Millrace build: the code's jar (or class folder) path, size and modification time. */
  private static String build() {
    try {
      Path code = Path.of(PlanCache.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return code + ":" + Files.size(code) + ":" + Files.getLastModifiedTime(code).toMillis();
    } catch (Exception e) {
      return "unknown:" + System.nanoTime();   // never matches: no cache rather than a stale one
    }
  }

  /**
   * A 96-bit fingerprint (CRC-32, CRC-32C, and {@link String#hashCode}) plus the length: not a
   * defence against a crafted collision, which could only make a plan trust a stale schema that the
   * run then rejects, but cheap in a cold JVM, where the CRCs run as intrinsics even before the code
   * is compiled (SHA-256 took a tenth of a cold plan of 1,000 models).
   */
  static String hash(String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    CRC32 crc = new CRC32();
    crc.update(bytes, 0, bytes.length);
    CRC32C crcc = new CRC32C();
    crcc.update(bytes, 0, bytes.length);
    return Long.toHexString(crc.getValue()) + "-" + Long.toHexString(crcc.getValue()) + "-"
        + Integer.toHexString(s.hashCode()) + "-" + bytes.length;
  }
}
