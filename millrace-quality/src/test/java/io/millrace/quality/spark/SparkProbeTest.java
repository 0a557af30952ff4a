package io.millrace.quality.spark;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("spark")
class SparkProbeTest {
  @Test
  void probe() {
    SparkRunner r = new SparkRunner();
    for (String q : new String[] {
        "SELECT try_parse_json('null') IS NULL AS a, try_parse_json('{bad') IS NULL AS b, try_parse_json('\"x\"') IS NULL AS c",
        "SELECT to_json(array(CAST(1.5 AS DOUBLE))) AS a, to_json(array(TIMESTAMP_NTZ '2020-01-01 10:00:00')) AS b, to_json(array(CAST(NULL AS STRING))) AS c",
        "SELECT to_json(named_struct('a', 1, 'b', CAST(NULL AS INT)), map('ignoreNullFields', 'false')) AS x",
        "DESCRIBE QUERY SELECT 1 AS a, 'x' AS b, TIMESTAMP_NTZ '2020-01-01 00:00:00' AS c, CAST(1 AS DECIMAL(10,2)) AS d",
        "SELECT 'a\\\\d' AS s, 'it\\'s' AS t, 'x' rlike '^\\\\w$' AS m",
        "SELECT try_to_timestamp('1/2/2020', 'M/d/yyyy') AS t, try_to_timestamp('2020-13-01', 'yyyy-MM-dd') AS u",
        "SELECT count(DISTINCT struct(a, b)) FROM VALUES (1, 2), (1, 2), (1, NULL) AS t(a, b)",
        "SELECT percentile(x, 0.25), median(x) FROM VALUES (1.0), (2.0), (3.0), (4.0) AS t(x)",
        "SELECT CAST(1.0 AS DOUBLE) / 0 AS d",
    }) {
      try {
        System.out.println(q + "\n  -> " + r.query(q));
      } catch (RuntimeException e) {
        System.out.println(q + "\n  !! " + e.getMessage().split("\n")[0]);
      }
    }
  }
}
