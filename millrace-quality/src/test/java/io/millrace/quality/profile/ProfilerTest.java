package io.millrace.quality.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.millrace.api.ErrorKind;
import io.millrace.api.MillraceException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ProfilerTest {
  private static DuckDbRunner db;
  private final Profiler profiler = new Profiler();

  @BeforeAll
  static void tables() {
    db = new DuckDbRunner();
    // Quinlan's play-tennis data (Mitchell, Machine Learning, table 3.2).
    db.execute("CREATE TABLE tennis AS SELECT * FROM (VALUES "
        + "(1, 'Sunny', 'Hot', 'High', 'Weak', 'No'), (2, 'Sunny', 'Hot', 'High', 'Strong', 'No'),"
        + "(3, 'Overcast', 'Hot', 'High', 'Weak', 'Yes'), (4, 'Rain', 'Mild', 'High', 'Weak', 'Yes'),"
        + "(5, 'Rain', 'Cool', 'Normal', 'Weak', 'Yes'), (6, 'Rain', 'Cool', 'Normal', 'Strong', 'No'),"
        + "(7, 'Overcast', 'Cool', 'Normal', 'Strong', 'Yes'), (8, 'Sunny', 'Mild', 'High', 'Weak', 'No'),"
        + "(9, 'Sunny', 'Cool', 'Normal', 'Weak', 'Yes'), (10, 'Rain', 'Mild', 'Normal', 'Weak', 'Yes'),"
        + "(11, 'Sunny', 'Mild', 'Normal', 'Strong', 'Yes'), (12, 'Overcast', 'Mild', 'High', 'Strong', 'Yes'),"
        + "(13, 'Overcast', 'Hot', 'Normal', 'Weak', 'Yes'), (14, 'Rain', 'Mild', 'High', 'Strong', 'No')"
        + ") t(day, outlook, temperature, humidity, wind, play)");
    db.execute("CREATE TABLE gaps AS SELECT * FROM (VALUES ('a', 'x', 1.5), ('a', 'y', NULL), ('b', 'x', 2.5),"
        + " (NULL, 'x', 3.5)) t(c, target, price)");
  }

  @AfterAll
  static void close() {
    db.close();
  }

  @Test
  void computesClassicPlayTennisInformationGain() {
    Profile p = profiler.profile(db, "tennis", "play", ProfileOptions.DEFAULTS);
    assertThat(p.rows()).isEqualTo(14);
    assertThat(gain(p, "outlook")).isCloseTo(0.2467, within(1e-4));
    assertThat(gain(p, "humidity")).isCloseTo(0.1518, within(1e-4));
    assertThat(gain(p, "wind")).isCloseTo(0.0481, within(1e-4));
    assertThat(gain(p, "temperature")).isCloseTo(0.0292, within(1e-4));
    // outlook splits 5/4/5: H = log2(14) - (2*5*log2 5 + 4*log2 4)/14 = 1.5774
    ColumnProfile outlook = p.column("outlook").orElseThrow();
    assertThat(outlook.entropy()).isCloseTo(1.5774, within(1e-4));
    assertThat(outlook.informationGainRatio()).isCloseTo(0.2467 / 1.5774, within(1e-3));
    ColumnProfile play = p.column("play").orElseThrow();
    assertThat(play.entropy()).isCloseTo(0.9403, within(1e-4));
    assertThat(play.informationGain()).isNull();
    assertThat(play.topValues()).containsExactly(new ValueCount("Yes", 9), new ValueCount("No", 5));
  }

  @Test
  void flagsInformationGainBiasOfUniqueColumns() {
    ColumnProfile day = profiler.profile(db, "tennis", "play", ProfileOptions.DEFAULTS).column("day").orElseThrow();
    // every row its own group: IG = H(play), the maximum, although day predicts nothing
    assertThat(day.informationGain()).isCloseTo(0.9403, within(1e-4));
    assertThat(day.informationGainRatio()).isCloseTo(0.9403 / (Math.log(14) / Math.log(2)), within(1e-4));
    assertThat(day.notes()).anyMatch(n -> n.contains("biased upward"));
    assertThat(day.advice()).startsWith("plain (near-unique");
    assertThat(day.min()).isEqualTo(1L);
    assertThat(day.max()).isEqualTo(14L);
    assertThat(day.mean()).isEqualTo(7.5);
  }

  @Test
  void treatsNullsAsOneGroupForGainAndExcludesThemFromEntropy() {
    Profile p = profiler.profile(db, "gaps", "target", ProfileOptions.DEFAULTS);
    ColumnProfile c = p.column("c").orElseThrow();
    assertThat(c.nullFraction()).isEqualTo(0.25);
    assertThat(c.distinctCount()).isEqualTo(2);
    // non-null a, a, b: H = -(2/3 log2 2/3 + 1/3 log2 1/3) = 0.9183
    assertThat(c.entropy()).isCloseTo(0.9183, within(1e-4));
    // H(target) = H(3/4, 1/4) = 0.8113; groups a{x,y} (H 1, weight 1/2), b{x}, null{x}: IG = 0.8113 - 0.5
    assertThat(c.informationGain()).isCloseTo(0.3113, within(1e-4));
    ColumnProfile price = p.column("price").orElseThrow();
    assertThat(price.min()).isEqualTo(1.5);
    assertThat(price.max()).isEqualTo(3.5);
    assertThat(price.mean()).isCloseTo(2.5, within(1e-12));
  }

  @Test
  void writesDocumentedJsonShape() throws Exception {
    JsonNode json = new ObjectMapper().readTree(profiler.profile(db, "gaps", null, ProfileOptions.DEFAULTS).toJson());
    assertThat(json.get("rows").asLong()).isEqualTo(4);
    JsonNode c = json.get("columns").get(0);
    List<String> keys = new java.util.ArrayList<>();
    c.fieldNames().forEachRemaining(keys::add);
    assertThat(keys).containsSubsequence("name", "type", "null_fraction", "distinct_count", "entropy", "min", "max",
        "mean", "top_values", "advice");
    assertThat(keys).doesNotContain("information_gain");
    assertThat(c.get("top_values").get(0).get("value").asText()).isEqualTo("a");
    assertThat(c.get("top_values").get(0).get("count").asLong()).isEqualTo(2);
    assertThat(json.get("columns").get(2).get("min").isDouble()).isTrue();
    JsonNode withTarget = new ObjectMapper().readTree(profiler.profile(db, "gaps", "target", ProfileOptions.DEFAULTS).toJson());
    assertThat(withTarget.get("columns").get(0).get("information_gain").asDouble()).isCloseTo(0.3113, within(1e-4));
  }

  @Test
  void rendersTextTable() {
    String table = profiler.profile(db, "tennis", "play", ProfileOptions.DEFAULTS).toTable();
    assertThat(table.lines()).hasSize(2 + 6);
    assertThat(table).contains("target: play").contains("outlook").contains("0.2467").contains("Yes (9)");
  }

  @Test
  void adviseStorageFromCardinalityAndEntropy() {
    db.execute("CREATE TABLE shapes AS SELECT i AS id, i % 4 AS low, CASE WHEN i < 990 THEN 0 ELSE i END AS skewed,"
        + " 7 AS constant, CAST(NULL AS VARCHAR) AS empty FROM range(1000) r(i)");
    Profile p = profiler.profile(db, "shapes", null, ProfileOptions.DEFAULTS);
    assertThat(p.column("id").orElseThrow().advice()).startsWith("plain (near-unique");
    assertThat(p.column("low").orElseThrow().advice()).startsWith("dictionary encoding (4 distinct values, 2.00 bits");
    assertThat(p.column("low").orElseThrow().entropy()).isCloseTo(2.0, within(1e-12));
    assertThat(p.column("constant").orElseThrow().advice()).startsWith("constant");
    ColumnProfile empty = p.column("empty").orElseThrow();
    assertThat(empty.advice()).startsWith("all null");
    assertThat(empty.nullFraction()).isEqualTo(1.0);
    assertThat(empty.min()).isNull();
    assertThat(empty.topValues()).isEmpty();
    assertThat(p.column("skewed").orElseThrow().distinctCount()).isEqualTo(11);
    assertThat(p.column("skewed").orElseThrow().topValues()).hasSize(5).first().isEqualTo(new ValueCount(0L, 990));
  }

  @Test
  void profilesTableExpressionsAndQuotedNames() {
    db.execute("CREATE TABLE \"odd \"\"name\"\"\" AS SELECT DATE '2024-01-01' + CAST(i AS INTEGER) AS \"day \"\"x\"\"\", "
        + "i > 1 AS flag FROM range(3) r(i)");
    Profile p = profiler.profile(db, "(SELECT * FROM \"odd \"\"name\"\"\")", null, ProfileOptions.DEFAULTS);
    ColumnProfile day = p.columns().get(0);
    assertThat(day.name()).isEqualTo("day \"x\"");
    assertThat(day.min()).isEqualTo("2024-01-01");
    assertThat(day.max()).isEqualTo("2024-01-03");
    ColumnProfile flag = p.columns().get(1);
    assertThat(flag.type()).isEqualTo("BOOLEAN");
    assertThat(flag.topValues()).containsExactly(new ValueCount(false, 2), new ValueCount(true, 1));
  }

  @Test
  void rejectsUnknownTargetAndRelation() {
    assertThatThrownBy(() -> profiler.profile(db, "tennis", "nope", ProfileOptions.DEFAULTS))
        .isInstanceOf(MillraceException.class)
        .hasMessageStartingWith("Cannot profile tennis: target column 'nope' not found");
    assertThatThrownBy(() -> profiler.profile(db, "missing_table", null, ProfileOptions.DEFAULTS))
        .isInstanceOf(MillraceException.class)
        .hasMessageStartingWith("Cannot profile missing_table: ")
        .satisfies(e -> assertThat(((MillraceException) e).kind()).isEqualTo(ErrorKind.USER));
  }

  private static double gain(Profile p, String column) {
    return p.column(column).orElseThrow().informationGain();
  }
}
