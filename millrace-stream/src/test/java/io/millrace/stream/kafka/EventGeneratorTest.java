package io.millrace.stream.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EventGeneratorTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> TYPES = Set.of("page_view", "click", "add_to_cart", "purchase");

  @Test
  void sameSeedGivesSameEventsAndOtherSeedsDiffer() {
    assertThat(take(EventGenerator.of(EventKind.USER_EVENTS, 7, 100, 0.1), 2000))
        .isEqualTo(take(EventGenerator.of(EventKind.USER_EVENTS, 7, 100, 0.1), 2000))
        .isNotEqualTo(take(EventGenerator.of(EventKind.USER_EVENTS, 8, 100, 0.1), 2000));
  }

  @Test
  void validUserEventsHaveTheDocumentedShapeAndOrderedTimes() throws Exception {
    var gen = EventGenerator.of(EventKind.USER_EVENTS, 1, 1000, 0);
    Map<String, Integer> types = new HashMap<>();
    Map<Integer, Integer> perUser = new HashMap<>();
    Instant last = Instant.MIN;
    for (int i = 0; i < 10_000; i++) {
      GeneratedEvent e = gen.next();
      JsonNode n = JSON.readTree(e.json());
      assertThat(e.valid()).isTrue();
      assertThat(n.get("user_id").isInt()).isTrue();
      assertThat(e.key()).isEqualTo(n.get("user_id").asText());
      String type = n.get("event_type").asText();
      assertThat(type).isIn(TYPES);
      if (type.equals("purchase")) {
        assertThat(n.get("event_data").get("amount").asDouble()).isPositive();
      } else {
        assertThat(n.get("event_data").get("page").asText()).matches("/p/\\d+");
      }
      Instant t = Instant.parse(n.get("timestamp").asText());
      assertThat(n.get("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
      assertThat(t).isAfterOrEqualTo(last);
      last = t;
      types.merge(type, 1, Integer::sum);
      perUser.merge(n.get("user_id").asInt(), 1, Integer::sum);
    }
    assertThat(types.keySet()).isEqualTo(TYPES);
    assertThat(types.get("page_view")).isGreaterThan(types.get("click")).isGreaterThan(types.get("purchase"));
    // Zipf-like popularity: user 1 is far more active than a typical user
    assertThat(perUser.get(1)).isGreaterThan(20 * 10_000 / perUser.size());
  }

  @Test
  void injectsExactlyTheReportedInvalidEventsOfEveryKind() throws Exception {
    for (EventKind kind : EventKind.values()) {
      var gen = EventGenerator.of(kind, 3, 500, 0.05);
      Map<InvalidKind, Long> seen = new EnumMap<>(InvalidKind.class);
      for (int i = 0; i < 10_000; i++) {
        GeneratedEvent e = gen.next();
        boolean judgedValid = isValid(kind, e.json());
        assertThat(judgedValid).as("%s %s", e.invalid(), e.json()).isEqualTo(e.valid());
        if (!e.valid()) {
          seen.merge(e.invalid(), 1L, Long::sum);
        }
      }
      assertThat(gen.injectedTotal()).isEqualTo(500);
      assertThat(gen.injected()).isEqualTo(seen);
      List<InvalidKind> expectedKinds = new ArrayList<>(List.of(InvalidKind.values()));
      if (kind == EventKind.VIEWING) {
        expectedKinds.remove(InvalidKind.UNKNOWN_EVENT_TYPE);
      }
      assertThat(seen.keySet()).containsExactlyInAnyOrderElementsOf(expectedKinds);
    }
  }

  /** The checks a stream job would run on the documented shape, written out independently. */
  private static boolean isValid(EventKind kind, String json) {
    JsonNode n;
    try {
      n = JSON.readTree(json);
    } catch (Exception e) {
      return false;
    }
    if (n == null || !n.isObject() || !n.path(kind.keyField()).isInt() || !n.path("user_id").isInt()) {
      return false;
    }
    try {
      Instant.parse(n.path("timestamp").asText());
    } catch (Exception e) {
      return false;
    }
    if (kind == EventKind.VIEWING) {
      return n.path("watch_seconds").isNumber() && n.path("watch_seconds").asDouble() >= 0;
    }
    if (!TYPES.contains(n.path("event_type").asText())) {
      return false;
    }
    JsonNode amount = n.path("event_data").path("amount");
    return amount.isMissingNode() || (amount.isNumber() && amount.asDouble() >= 0);
  }

  private static List<GeneratedEvent> take(EventGenerator gen, int n) {
    List<GeneratedEvent> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(gen.next());
    }
    return out;
  }
}
