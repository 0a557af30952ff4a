package io.millrace.stream.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.api.LogicalType;
import io.millrace.api.TableSchema;
import io.millrace.api.project.EngineSpec;
import io.millrace.api.spi.CommitRequest;
import io.millrace.api.spi.EngineSession;
import io.millrace.duckdb.DuckDbEngine;
import io.millrace.lake.IcebergWarehouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Positions of several sink instances in one table (the largest recorded per partition wins, so a
 * stale carry-over never moves a partition back), and a features table written whole by an older
 * sink converted to one file per partition without losing or doubling a key. Real Iceberg and DuckDB.
 */
class LakeTableTest {
  @TempDir static Path dir;
  static DuckDbEngine engine;
  static final TableSchema EVENTS = LakeTable.schemaOf(Map.of("v", LogicalType.BIGINT));
  static final TableSchema FEATURES;

  static {
    Map<String, LogicalType> cols = new LinkedHashMap<>();
    cols.put("k", LogicalType.VARCHAR);
    cols.put("n", LogicalType.BIGINT);
    FEATURES = LakeTable.schemaOf(cols);
  }

  @BeforeAll
  static void start() {
    engine = DuckDbEngine.open(EngineSpec.DEFAULT, null);
  }

  @AfterAll
  static void stop() {
    engine.close();
  }

  private static ConsumerRecord<String, byte[]> rec(int partition, long offset, String key, String json) {
    return new ConsumerRecord<>("t", partition, offset, key, json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void theLargestPositionAnyInstanceRecordedWins() throws Exception {
    Path scratch = Files.createDirectories(dir.resolve("scratch1"));
    try (IcebergWarehouse w1 = IcebergWarehouse.open(dir.resolve("wh1"));
         IcebergWarehouse w2 = IcebergWarehouse.open(dir.resolve("wh1"));
         EngineSession s = engine.session()) {
      LakeTable a = new LakeTable("ev", "t", null, EVENTS, null, null);
      LakeTable b = new LakeTable("ev", "t", null, EVENTS, null, null);
      assertThat(a.assign(List.of(0, 1), 4, w1, s, scratch, "a")).isEqualTo(Map.of(0, 0L, 1, 0L));
      assertThat(b.assign(List.of(2, 3), 4, w2, s, scratch, "b")).isEqualTo(Map.of(2, 0L, 3, 0L));
      a.add(rec(0, 0, "x", "{\"v\": 1}"));
      a.add(rec(1, 0, "y", "{\"v\": 2}"));
      assertThat(a.commit(w1, s, scratch, "a")).isEqualTo(2);
      b.add(rec(2, 0, "x", "{\"v\": 3}"));
      b.add(rec(2, 1, "x", "{\"v\": 4}"));
      assertThat(b.commit(w2, s, scratch, "b")).isEqualTo(2);
      b.add(rec(3, 0, "x", "{\"v\": 5}"));
      assertThat(b.commit(w2, s, scratch, "b")).isEqualTo(1);
      a.add(rec(0, 1, "x", "{\"v\": 6}"));
      assertThat(a.commit(w1, s, scratch, "a")).isEqualTo(1);
      // a's last snapshot carries b's positions as a read them; a fresh owner of all four resumes at
      // every partition's true position
      LakeTable c = new LakeTable("ev", "t", null, EVENTS, null, null);
      assertThat(c.assign(List.of(0, 1, 2, 3), 4, w1, s, scratch, "c"))
          .isEqualTo(Map.of(0, 2L, 1, 1L, 2, 2L, 3, 1L));
      // a snapshot made with a stale view of partition 2 (as a concurrent commit could) moves nothing back
      w1.commit(new CommitRequest("ev", EVENTS, List.of(), CommitRequest.Mode.APPEND, null,
          Map.of(LakeTable.OFFSETS, "0:2,1:1,2:0,3:0")));
      LakeTable d = new LakeTable("ev", "t", null, EVENTS, null, null);
      assertThat(d.assign(List.of(2, 3), 4, w1, s, scratch, "d")).isEqualTo(Map.of(2, 2L, 3, 1L));
      // records a revoked partition's new owner reads are not this instance's any more
      a.revoke(List.of(0));
      a.add(rec(0, 2, "x", "{\"v\": 7}"));
      assertThat(a.dirty()).isFalse();
      s.registerTable("ev", w1.schema("ev").orElseThrow(), w1.files("ev"));
      assertThat(s.query("SELECT count(*), sum(v)::BIGINT FROM ev").rows().get(0)).containsExactly(6L, 21L);
    }
  }

  @Test
  void aFeaturesTableWrittenWholeIsConvertedToOneFilePerPartition() throws Exception {
    Path scratch = Files.createDirectories(dir.resolve("scratch2"));
    // one key per partition of 4, and a second one in partition 0
    Map<Integer, List<String>> keys = new TreeMap<>();
    for (int i = 0; keys.values().stream().mapToInt(List::size).sum() < 5; i++) {
      String k = "k" + i;
      int p = LakeTable.partitionOf(k, 4);
      List<String> ks = keys.computeIfAbsent(p, x -> new ArrayList<>());
      if (ks.size() < (p == 0 ? 2 : 1)) {
        ks.add(k);
      }
    }
    try (IcebergWarehouse w = IcebergWarehouse.open(dir.resolve("wh2")); EngineSession s = engine.session()) {
      // what an older sink wrote: every key in one untagged OVERWRITE
      Path json = scratch.resolve("old.jsonl");
      StringBuilder rows = new StringBuilder();
      keys.values().forEach(ks -> ks.forEach(k -> rows.append("{\"k\": \"").append(k).append("\", \"n\": 1}\n")));
      Files.writeString(json, rows);
      Path file = w.newDataFile("feat");
      s.writeParquet("SELECT k, n FROM read_json('" + json + "', columns = {'k': 'VARCHAR', 'n': 'BIGINT'})", file,
          w.fieldIds("feat", FEATURES));
      w.commit(new CommitRequest("feat", FEATURES, List.of(file), CommitRequest.Mode.OVERWRITE, null,
          Map.of(LakeTable.OFFSETS, "0:5,1:5,2:5,3:5")));

      LakeTable t = new LakeTable("feat", "t", null, FEATURES, "k", LakeTableTest::tree);
      assertThat(t.assign(List.of(0, 1), 4, w, s, scratch, "r")).isEqualTo(Map.of(0, 5L, 1, 5L));
      assertThat(rows(w, s)).as("converted, nothing lost or doubled").hasSize(5).allSatisfy((k, n) ->
          assertThat(n).isEqualTo(1L));
      String k0 = keys.get(0).get(0);
      t.add(rec(0, 5, k0, "{\"k\": \"" + k0 + "\", \"n\": 2}"));
      t.commit(w, s, scratch, "r");
      Map<String, Long> after = rows(w, s);
      assertThat(after).hasSize(5).containsEntry(k0, 2L).containsEntry(keys.get(0).get(1), 1L)
          .containsEntry(keys.get(2).get(0), 1L);
      // a second instance owning partitions 2 and 3 finds its keys, and its commit leaves partition 0's alone
      LakeTable u = new LakeTable("feat", "t", null, FEATURES, "k", LakeTableTest::tree);
      assertThat(u.assign(List.of(2, 3), 4, w, s, scratch, "u")).isEqualTo(Map.of(2, 5L, 3, 5L));
      String k2 = keys.get(2).get(0);
      u.add(rec(2, 5, k2, "{\"k\": \"" + k2 + "\", \"n\": 3}"));
      u.commit(w, s, scratch, "u");
      assertThat(rows(w, s)).hasSize(5).containsEntry(k0, 2L).containsEntry(k2, 3L);
    }
  }

  private static com.fasterxml.jackson.databind.JsonNode tree(byte[] b) {
    try {
      return Json.MAPPER.readTree(b);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, Long> rows(IcebergWarehouse w, EngineSession s) {
    s.registerTable("feat_now", w.schema("feat").orElseThrow(), w.files("feat"));
    Map<String, Long> out = new TreeMap<>();
    List<String> seen = new ArrayList<>();
    for (List<Object> r : s.query("SELECT k, n FROM feat_now").rows()) {
      seen.add((String) r.get(0));
      out.put((String) r.get(0), ((Number) r.get(1)).longValue());
    }
    s.drop("feat_now");
    assertThat(seen).as("one row per key").doesNotHaveDuplicates();
    return out;
  }
}
