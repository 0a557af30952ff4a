package io.millrace.stream.features;

import io.millrace.api.LogicalType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A generated history of user events as a recommender sees them: users browse in sessions over
 * several days (page views, clicks, add-to-cart, purchases with amounts), a few events share a
 * timestamp, some arrive minutes out of order and a few hours late. Deterministic for a seed.
 */
final class EventHistory {
  static final Map<String, LogicalType> COLUMNS = columns();
  static final Instant START = Instant.parse("2025-01-13T00:00:00Z");
  private static final DateTimeFormatter CSV_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

  /** One event in arrival order: {@code arrival} is its position in the topic. */
  record Event(long arrival, long userId, Instant time, Map<String, Object> fields) {}

  final List<Event> events;

  private EventHistory(List<Event> events) {
    this.events = events;
  }

  private static Map<String, LogicalType> columns() {
    Map<String, LogicalType> c = new LinkedHashMap<>();
    c.put("user_id", LogicalType.BIGINT);
    c.put("event_type", LogicalType.VARCHAR);
    c.put("amount", LogicalType.DOUBLE);
    c.put("quantity", LogicalType.INTEGER);
    c.put("page", LogicalType.VARCHAR);
    c.put("timestamp", LogicalType.TIMESTAMP);
    return c;
  }

  static EventHistory generate(long seed, int users, int days) {
    Random r = new Random(seed);
    record Pending(double arrivesAt, long userId, Instant time, Map<String, Object> fields) {}
    List<Pending> pending = new ArrayList<>();
    long horizon = Duration.ofDays(days).toMillis();
    for (long user = 1; user <= users; user++) {
      int sessions = 1 + r.nextInt(12);
      for (int s = 0; s < sessions; s++) {
        long t = START.toEpochMilli() + (long) (r.nextDouble() * horizon);
        if (r.nextDouble() < 0.3) {   // on a whole quarter hour: events right on window edges
          t -= t % 900_000;
        }
        int length = 1 + r.nextInt(15);
        for (int i = 0; i < length; i++) {
          Instant time = Instant.ofEpochMilli(t);
          Map<String, Object> f = event(r, user, time);
          double delay = r.nextDouble() < 0.1 ? r.nextDouble() * 600_000        // minutes out of order
              : r.nextDouble() < 0.01 ? 3_600_000 + r.nextDouble() * 7_200_000  // hours late
              : 0;
          pending.add(new Pending(t + delay + r.nextDouble(), user, time, f));
          if (r.nextDouble() < 0.03) {   // same timestamp twice: ties for FIRST/LAST
            pending.add(new Pending(t + delay + 0.5 + r.nextDouble(), user, time, event(r, user, time)));
          }
          // mostly seconds to minutes apart, sometimes right at or beyond a 30-minute gap
          double u = r.nextDouble();
          t += u < 0.05 ? 1_800_000 : u < 0.1 ? 1_800_001 + r.nextInt(3_600_000) : 1_000 + r.nextInt(900_000);
        }
      }
    }
    pending.sort(Comparator.comparingDouble(Pending::arrivesAt));
    List<Event> events = new ArrayList<>();
    for (Pending p : pending) {
      events.add(new Event(events.size(), p.userId(), p.time(), p.fields()));
    }
    return new EventHistory(events);
  }

  private static Map<String, Object> event(Random r, long user, Instant time) {
    double u = r.nextDouble();
    String type = u < 0.6 ? "page_view" : u < 0.85 ? "click" : u < 0.95 ? "add_to_cart" : "purchase";
    Map<String, Object> f = new HashMap<>();
    f.put("user_id", user);
    f.put("event_type", type);
    f.put("timestamp", LocalDateTime.ofInstant(time, ZoneOffset.UTC));
    if (type.equals("purchase") && r.nextDouble() < 0.95) {
      f.put("amount", (1 + r.nextInt(50_000)) / 100.0);
    }
    if (type.equals("purchase") || type.equals("add_to_cart")) {
      f.put("quantity", 1 + r.nextInt(5));
    } else {
      f.put("page", "/p/" + r.nextInt(60));
    }
    return f;
  }

  /** Loads the events into table {@code events} (the columns plus {@code arrival}). */
  void load(Connection db, Path dir) throws IOException, java.sql.SQLException {
    Path csv = dir.resolve("events.csv");
    StringBuilder b = new StringBuilder("arrival,user_id,event_type,amount,quantity,page,timestamp\n");
    for (Event e : events) {
      Map<String, Object> f = e.fields();
      b.append(e.arrival()).append(',').append(e.userId()).append(',').append(f.get("event_type"))
          .append(',').append(orEmpty(f.get("amount"))).append(',').append(orEmpty(f.get("quantity")))
          .append(',').append(orEmpty(f.get("page"))).append(',')
          .append(CSV_TIME.format((LocalDateTime) f.get("timestamp"))).append('\n');
    }
    Files.writeString(csv, b);
    try (Statement st = db.createStatement()) {
      st.execute("CREATE TABLE events AS SELECT * FROM read_csv('" + csv + "', header = true, "
          + "columns = {'arrival': 'BIGINT', 'user_id': 'BIGINT', 'event_type': 'VARCHAR', "
          + "'amount': 'DOUBLE', 'quantity': 'INTEGER', 'page': 'VARCHAR', 'timestamp': 'TIMESTAMP'})");
    }
  }

  private static String orEmpty(Object v) {
    return v == null ? "" : v.toString();
  }
}
