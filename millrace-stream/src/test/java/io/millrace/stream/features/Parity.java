package io.millrace.stream.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.api.LogicalType;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** Runs a history through the engine and through the compiled SQL, and compares entity by entity. */
final class Parity {
  static final FeatureSql.EventTable EVENTS = new FeatureSql.EventTable("events", "user_id", "timestamp", "arrival");

  final Map<Long, FeatureState> states = new TreeMap<>();
  long late;

  /** Feeds every event in arrival order, as a stream job would. */
  Parity stream(FeatureEngine engine, EventHistory history) {
    for (EventHistory.Event e : history.events) {
      FeatureState s = states.get(e.userId());
      if (engine.isLate(s, e.time())) {
        late++;
      }
      states.put(e.userId(), engine.update(s, e.fields(), e.time()));
    }
    return this;
  }

  static Connection duckdb() throws SQLException {
    Connection db = DriverManager.getConnection("jdbc:duckdb:");
    try (Statement st = db.createStatement()) {
      st.execute("SET autoinstall_known_extensions=false");
      st.execute("SET autoload_known_extensions=false");
    }
    return db;
  }

  /** Rows of {@code sql}: key to the feature values, typed as the engine types them. */
  static Map<Long, Map<String, Object>> query(Connection db, String sql, Map<String, LogicalType> types)
      throws SQLException {
    Map<Long, Map<String, Object>> rows = new TreeMap<>();
    try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        int i = 2;
        for (Map.Entry<String, LogicalType> t : types.entrySet()) {
          row.put(t.getKey(), read(rs, i++, t.getValue()));
        }
        rows.put(rs.getLong(1), row);
      }
    }
    return rows;
  }

  private static Object read(ResultSet rs, int i, LogicalType type) throws SQLException {
    Object v = rs.getObject(i);
    if (v == null) {
      return null;
    }
    return switch (type) {
      case BIGINT -> ((Number) v).longValue();
      case INTEGER -> ((Number) v).intValue();
      case DOUBLE -> ((Number) v).doubleValue();
      case TIMESTAMP -> rs.getObject(i, LocalDateTime.class);
      default -> v;
    };
  }

  /** The engine's values for every entity, as of its latest event or as of {@code asOf}. */
  Map<Long, Map<String, Object>> values(FeatureEngine engine, Instant asOf) {
    Map<Long, Map<String, Object>> out = new TreeMap<>();
    states.forEach((k, s) -> {
      if (asOf == null) {
        out.put(k, engine.values(s));
      } else if (!s.latestEventTime().orElseThrow().isAfter(asOf)) {
        out.put(k, engine.values(s, asOf));
      }
    });
    return out;
  }

  /** Asserts equal maps, listing the first differing entities and features. */
  static void assertSame(Map<Long, Map<String, Object>> stream, Map<Long, Map<String, Object>> batch) {
    assertThat(batch.keySet()).isEqualTo(stream.keySet());
    List<String> diffs = new ArrayList<>();
    stream.forEach((k, v) -> v.forEach((f, x) -> {
      Object y = batch.get(k).get(f);
      if (!Objects.equals(x, y)) {
        diffs.add("entity " + k + " " + f + ": stream " + x + " batch " + y);
      }
    }));
    assertThat(diffs).as("features that differ").isEmpty();
  }
}
