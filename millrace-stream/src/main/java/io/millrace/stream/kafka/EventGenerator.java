package io.millrace.stream.kafka;

import io.millrace.stream.kafka.internal.Zipf;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * Realistic, deterministic event streams: the same kind, seed, user count and invalid fraction give
 * the same events in the same order.
 *
 * <p>Timing follows sessions: a fixed number of concurrent sessions (one per 20 users, 1 to 500),
 * each a user picked with a Zipf-like popularity (user 1 is the most active), a geometric number of
 * events (mean 8) about 45 s apart (exponential, never more than 20 min), and a new session starting
 * about 20 s after one ends. Event times start at 2025-01-15T00:00:00Z and never decrease. User
 * events follow a funnel (page views, clicks, add-to-cart; a purchase only after an add-to-cart in
 * the same session, amounts log-normal around 40); viewing events pick a content (Zipf over 500)
 * and a log-normal watch duration around 5 minutes.
 *
 * <p>Invalid events replace valid ones at an exact rate: over the first n events, floor or ceil of
 * {@code n * invalidFraction} are invalid, spread through the stream, their {@link InvalidKind}s
 * taken in turn. {@link #injected()} counts them by kind.
 *
 * <p>Not thread-safe.
 */
public final class EventGenerator implements Iterator<GeneratedEvent> {
  /** Event time of the first session. */
  public static final Instant START = Instant.parse("2025-01-15T00:00:00Z");
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSX").withZone(ZoneOffset.UTC);
  private static final String[] TYPES = {"page_view", "click", "add_to_cart", "purchase"};
  private static final int CONTENTS = 500;
  private static final int PRODUCTS = 1000;

  private final EventKind kind;
  private final SplittableRandom random;
  private final Zipf users;
  private final Zipf items;
  private final double invalidFraction;
  private final double phase;
  private final List<InvalidKind> kinds;
  private final int kindOffset;
  private final PriorityQueue<Session> sessions = new PriorityQueue<>();
  private final Map<InvalidKind, Long> injected = new EnumMap<>(InvalidKind.class);
  private long count;
  private long invalidCount;

  private EventGenerator(EventKind kind, long seed, int userCount, double invalidFraction) {
    if (userCount < 1) {
      throw new IllegalArgumentException("the generator needs at least 1 user, not " + userCount);
    }
    if (!(invalidFraction >= 0 && invalidFraction <= 1)) {
      throw new IllegalArgumentException("the invalid fraction is between 0 and 1, not " + invalidFraction);
    }
    this.kind = kind;
    this.random = new SplittableRandom(seed);
    this.users = new Zipf(userCount, 1.1);
    this.items = new Zipf(kind == EventKind.VIEWING ? CONTENTS : PRODUCTS, 1.0);
    this.invalidFraction = invalidFraction;
    this.phase = random.nextDouble();
    this.kinds = Arrays.stream(InvalidKind.values()).filter(k -> k.appliesTo(kind)).toList();
    this.kindOffset = random.nextInt(kinds.size());
    int concurrent = Math.max(1, Math.min(500, userCount / 20));
    long startMillis = START.toEpochMilli();
    for (int i = 0; i < concurrent; i++) {
      sessions.add(newSession(startMillis + random.nextLong(60_000)));
    }
  }

  /**
   * A generator of {@code kind} events.
   *
   * @param users number of distinct users (ids 1..users)
   * @param invalidFraction share of invalid events, 0 to 1
   * @throws IllegalArgumentException for users below 1 or a fraction outside [0, 1]
   */
  public static EventGenerator of(EventKind kind, long seed, int users, double invalidFraction) {
    return new EventGenerator(kind, seed, users, invalidFraction);
  }

  /** Always true: the stream is endless. */
  @Override
  public boolean hasNext() {
    return true;
  }

  @Override
  public GeneratedEvent next() {
    Session s = sessions.poll();
    GeneratedEvent valid = kind == EventKind.USER_EVENTS ? userEvent(s) : viewingEvent(s);
    s.remaining--;
    if (s.remaining > 0) {
      s.nextMillis += gapMillis();
      sessions.add(s);
    } else {
      sessions.add(newSession(s.nextMillis + (long) exponential(20_000)));
    }
    boolean invalid = Math.floor((count + 1) * invalidFraction + phase) > Math.floor(count * invalidFraction + phase);
    count++;
    if (!invalid) {
      return valid;
    }
    InvalidKind k = kinds.get((int) ((invalidCount++ + kindOffset) % kinds.size()));
    injected.merge(k, 1L, Long::sum);
    return corrupt(s, valid, k);
  }

  /** Events generated so far. */
  public long generated() {
    return count;
  }

  /** Invalid events generated so far, by kind (kinds never injected are absent). */
  public Map<InvalidKind, Long> injected() {
    return Collections.unmodifiableMap(new EnumMap<>(injected));
  }

  /** Total invalid events generated so far. */
  public long injectedTotal() {
    return invalidCount;
  }

  public EventKind kind() {
    return kind;
  }

  private Session newSession(long startMillis) {
    int user = users.sample(random) + 1;
    int events = 1 + (int) Math.min(200, Math.floor(Math.log(1 - random.nextDouble()) / Math.log(7.0 / 8)));
    return new Session(user, events, startMillis);
  }

  private long gapMillis() {
    return 1 + (long) Math.min(20 * 60_000, exponential(45_000));
  }

  private double exponential(double mean) {
    return -mean * Math.log(1 - random.nextDouble());
  }

  private GeneratedEvent userEvent(Session s) {
    String type = nextType(s);
    StringBuilder b = new StringBuilder(120).append("{\"user_id\": ").append(s.user)
        .append(", \"event_type\": \"").append(type).append("\", \"event_data\": ");
    if (type.equals("purchase")) {
      long cents = Math.max(1, Math.round(Math.exp(3.4 + 0.8 * random.nextGaussian()) * 100));
      b.append("{\"amount\": ").append(decimal(cents, 2)).append('}');
    } else {
      b.append("{\"page\": \"/p/").append(items.sample(random) + 1).append("\"}");
    }
    b.append(", \"timestamp\": \"").append(TIME.format(Instant.ofEpochMilli(s.nextMillis))).append("\"}");
    return new GeneratedEvent(Integer.toString(s.user), b.toString(), null);
  }

  private String nextType(Session s) {
    if (s.first) {
      s.first = false;
      return "page_view";
    }
    double u = random.nextDouble();
    if (u < 0.06 && s.carted) {
      return "purchase";
    }
    if (u < 0.18) {
      s.carted = true;
      return "add_to_cart";
    }
    return u < 0.45 ? "click" : "page_view";
  }

  private GeneratedEvent viewingEvent(Session s) {
    int content = items.sample(random) + 1;
    long tenths = Math.max(1, Math.round(Math.exp(5.5 + 0.9 * random.nextGaussian()) * 10));
    String json = "{\"content_id\": " + content + ", \"user_id\": " + s.user + ", \"watch_seconds\": "
        + decimal(tenths, 1) + ", \"timestamp\": \"" + TIME.format(Instant.ofEpochMilli(s.nextMillis)) + "\"}";
    return new GeneratedEvent(Integer.toString(content), json, null);
  }

  private GeneratedEvent corrupt(Session s, GeneratedEvent e, InvalidKind k) {
    String json = e.json();
    String keyField = "\"" + kind.keyField() + "\": " + e.key();
    int variant = random.nextInt(2);
    return switch (k) {
      case MISSING_KEY -> new GeneratedEvent(null,
          variant == 0 ? json.replace(keyField + ", ", "") : json.replace(keyField, "\"" + kind.keyField() + "\": null"), k);
      case UNKNOWN_EVENT_TYPE -> new GeneratedEvent(e.key(), json.replaceFirst("\"event_type\": \"[a-z_]+\"",
          "\"event_type\": \"" + (variant == 0 ? "refund" : "hover") + "\""), k);
      case NEGATIVE_VALUE -> kind == EventKind.VIEWING
          ? new GeneratedEvent(e.key(), json.replaceFirst("\"watch_seconds\": ", "\"watch_seconds\": -"), k)
          : new GeneratedEvent(e.key(), json.replaceFirst("\"event_type\": \"[a-z_]+\", \"event_data\": \\{[^}]*}",
              "\"event_type\": \"purchase\", \"event_data\": {\"amount\": -" + (1 + random.nextInt(200)) + ".5}"), k);
      case MALFORMED_JSON -> new GeneratedEvent(e.key(),
          variant == 0 ? json.substring(0, json.length() / 2) : "user " + s.user + " did something", k);
      case BAD_TIMESTAMP -> new GeneratedEvent(e.key(), json.replaceFirst("\"timestamp\": \"[^\"]*\"",
          variant == 0 ? "\"timestamp\": \"not-a-time\"" : "\"timestamp\": \"15/01/2025 25:61\""), k);
      case WRONG_TYPE -> kind == EventKind.VIEWING && variant == 1
          ? new GeneratedEvent(e.key(), json.replaceFirst("\"watch_seconds\": ([0-9.]+)", "\"watch_seconds\": \"long\""), k)
          : new GeneratedEvent(e.key(), json.replace(keyField, "\"" + kind.keyField() + "\": \"u" + e.key() + "\""), k);
    };
  }

  private static String decimal(long scaled, int digits) {
    long unit = digits == 2 ? 100 : 10;
    String frac = Long.toString(scaled % unit);
    return (scaled / unit) + "." + (frac.length() < digits ? "0" + frac : frac);
  }

  /** A user's visit: the events it still has to emit and the time of the next one. */
  private static final class Session implements Comparable<Session> {
    final int user;
    int remaining;
    long nextMillis;
    boolean first = true;
    boolean carted;

    Session(int user, int remaining, long nextMillis) {
      this.user = user;
      this.remaining = remaining;
      this.nextMillis = nextMillis;
    }

    @Override
    public int compareTo(Session o) {
      return Long.compare(nextMillis, o.nextMillis);
    }
  }
}
