package io.millrace.quality.profile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SuggesterTest {
  private static DuckDbRunner db;

  @BeforeAll
  static void table() {
    db = new DuckDbRunner();
    db.execute("CREATE TABLE products AS SELECT * FROM (VALUES (1, 'books', 0.5, 'a'), (2, 'home', 999.0, NULL),"
        + " (3, 'books', 12.25, 'b'), (4, 'home', 10000000.0, 'c'), (5, 'yes', 3.0, 'd \"q\"')) t(id, category, price, note)");
  }

  @AfterAll
  static void close() {
    db.close();
  }

  @Test
  void suggestsSuiteThatParsesAsYamlWithProfiledExpectations() throws Exception {
    Profile profile = new Profiler().profile(db, "products", null, new ProfileOptions(5, 3));
    String yaml = Suggester.suggest(profile, "products");
    JsonNode suite = new ObjectMapper(new YAMLFactory()).readTree(yaml);
    assertThat(suite.get("name").asText()).isEqualTo("products");
    Map<String, JsonNode> byKey = new HashMap<>();
    for (JsonNode e : suite.get("expectations")) {
      String type = e.fieldNames().next();
      JsonNode kwargs = e.get(type);
      byKey.put(type + ":" + (kwargs.has("column") ? kwargs.get("column").asText() : ""), kwargs);
    }
    assertThat(byKey.get("expect_table_columns_to_match_ordered_list:").get("column_list").toString())
        .isEqualTo("[\"id\",\"category\",\"price\",\"note\"]");
    JsonNode rowCount = byKey.get("expect_table_row_count_to_be_between:");
    assertThat(rowCount.get("min_value").asLong()).isEqualTo(2);
    assertThat(rowCount.get("max_value").asLong()).isEqualTo(8);
    assertThat(byKey).containsKeys("expect_column_values_to_not_be_null:id", "expect_column_values_to_not_be_null:category",
        "expect_column_values_to_be_unique:id");
    assertThat(byKey).doesNotContainKeys("expect_column_values_to_not_be_null:note",
        "expect_column_values_to_be_unique:category", "expect_column_values_to_be_in_set:id");
    JsonNode price = byKey.get("expect_column_values_to_be_between:price");
    assertThat(price.get("min_value").asDouble()).isEqualTo(0.5);
    assertThat(price.get("max_value").isNumber()).isTrue();
    assertThat(price.get("max_value").asDouble()).isEqualTo(1.0e7);
    // "yes" must stay a string, not become a YAML 1.1 boolean
    assertThat(byKey.get("expect_column_values_to_be_in_set:category").get("value_set").toString())
        .isEqualTo("[\"books\",\"home\",\"yes\"]");
    // note has 4 distinct values, more than the value-set limit of 3
    assertThat(byKey).doesNotContainKey("expect_column_values_to_be_in_set:note");
  }
}
