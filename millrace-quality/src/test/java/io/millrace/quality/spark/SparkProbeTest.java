package io.millrace.quality.spark;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("spark")
class SparkProbeTest {
  @Test
  void probe() {
    SparkRunner r = new SparkRunner();
    r.execute("CREATE OR REPLACE TEMP VIEW pv AS SELECT * FROM VALUES (1, 2, 3) AS t(x, y, z)");
    for (String q : new String[] {
        "SELECT x AS a, y AS b, count(*) AS n FROM pv WHERE (TRUE) GROUP BY x, y LIMIT 100001",
        "SELECT x AS a, y AS b, count(*) AS n FROM pv WHERE (TRUE) GROUP BY x, y",
        "SELECT x AS a, y AS b, count(*) AS n FROM pv GROUP BY x, y LIMIT 100001",
        "SELECT x AS a, y AS b, count(*) AS n FROM pv WHERE TRUE GROUP BY x, y",
        "SELECT x AS a, y AS b, count(*) AS n FROM pv WHERE (x > 0) GROUP BY x, y",
        "SELECT x AS a, count(*) AS n FROM pv WHERE (TRUE) GROUP BY x",
    }) {
      try {
        System.out.println(q + "\n  -> " + r.query(q));
      } catch (RuntimeException e) {
        System.out.println(q + "\n  !! " + e.getMessage().split("\n")[0]);
      }
    }
  }
}
