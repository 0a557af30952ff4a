package io.millrace.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.api.Column;
import io.millrace.api.LogicalType;
import io.millrace.api.MillraceException;
import io.millrace.api.TableSchema;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordValidatorTest {
  static final TableSchema EVENTS = new TableSchema(List.of(new Column("user_id", LogicalType.BIGINT),
      new Column("event_type", LogicalType.VARCHAR), new Column("amount", LogicalType.DOUBLE),
      new Column("email", LogicalType.VARCHAR), new Column("payload", LogicalType.VARCHAR),
      new Column("ts", LogicalType.TIMESTAMPTZ)));

  static ExpectationConfig e(String type, Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return ExpectationConfig.of(type, m);
  }

  static final Suite SUITE = Suite.of("events", List.of(
      e("expect_column_values_to_not_be_null", "column", "user_id"),
      e("expect_column_values_to_be_in_set", "column", "event_type", "value_set", List.of("view", "click", "purchase")),
      e("expect_column_values_to_be_between", "column", "amount", "min_value", 0, "max_value", 10_000,
          "row_condition", "event_type = 'purchase'", "condition_parser", "sql"),
      e("expect_column_values_to_match_regex", "column", "email", "regex", "^[^@]+@[^@]+$"),
      e("expect_column_values_to_be_json_parseable", "column", "payload"),
      e("expect_column_values_to_be_unique", "column", "user_id"),
      e("expect_column_values_to_not_be_null", "column", "amount", "mostly", 0.9),
      e("expect_column_value_z_scores_to_be_less_than", "column", "amount", "threshold", 3),
      e("expect_column_mean_to_be_between", "column", "amount", "min_value", 0, "max_value", 100)));

  static Map<String, Object> event(Object... kv) {
    Map<String, Object> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  @Test
  void judgesRowLevelExpectationsOnOneRecord() {
    RecordValidator v = RecordValidator.compile(SUITE, EVENTS);
    assertThat(v.check(event("user_id", 17, "event_type", "purchase", "amount", 42.5, "email", "a@b.c",
        "payload", "{\"page\": 1}", "ts", Instant.parse("2025-01-15T13:45:12Z")))).isEmpty();
    List<RecordFailure> f = v.check(event("event_type", "purchase", "amount", 20_000, "email", "no-at-sign",
        "payload", "{oops"));
    assertThat(f).extracting(RecordFailure::expectationType).containsExactly(
        "expect_column_values_to_not_be_null", "expect_column_values_to_be_between",
        "expect_column_values_to_match_regex", "expect_column_values_to_be_json_parseable");
    assertThat(f.get(1).column()).isEqualTo("amount");
    assertThat(f.get(1).value()).isEqualTo(20_000.0);
    assertThat(f.get(1).reason()).contains("min_value=0", "max_value=10000", "20000.0");
  }

  @Test
  void rowConditionLimitsTheDomainAndNullsAreMissing() {
    RecordValidator v = RecordValidator.compile(SUITE, EVENTS);
    assertThat(v.check(event("user_id", 1L, "event_type", "view", "amount", -5.0))).isEmpty();
    assertThat(v.check(event("user_id", 1L, "event_type", "purchase"))).isEmpty();
    assertThat(v.check(event("user_id", 1L, "event_type", "signup"))).extracting(RecordFailure::expectationType)
        .containsExactly("expect_column_values_to_be_in_set");
  }

  @Test
  void listsRelationLevelExpectations() {
    RecordValidator v = RecordValidator.compile(SUITE, EVENTS);
    assertThat(v.relationLevel()).extracting(ExpectationConfig::type).containsExactly(
        "expect_column_values_to_be_unique", "expect_column_values_to_not_be_null",
        "expect_column_value_z_scores_to_be_less_than", "expect_column_mean_to_be_between");
  }

  @Test
  void reportsValuesOfTheWrongTypeInsteadOfThrowing() {
    RecordValidator v = RecordValidator.compile(SUITE, EVENTS);
    List<RecordFailure> f = v.check(event("user_id", "seventeen", "event_type", "view"));
    assertThat(f).hasSize(1);
    assertThat(f.get(0).column()).isEqualTo("user_id");
    assertThat(f.get(0).reason()).contains("seventeen", "not a BIGINT");
  }

  @Test
  void refusesSuitesThatDoNotFitTheSchema() {
    Suite bad = Suite.of("bad", List.of(e("expect_column_values_to_not_be_null", "column", "nope")));
    assertThatThrownBy(() -> RecordValidator.compile(bad, EVENTS)).isInstanceOf(MillraceException.class)
        .hasMessageContaining("expectation #1").hasMessageContaining("nope");
  }
}
