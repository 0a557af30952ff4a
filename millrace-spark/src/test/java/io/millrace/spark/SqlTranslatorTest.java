package io.millrace.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.spark.internal.SqlTranslator;
import org.junit.jupiter.api.Test;

/** The translation as text: what changes and what must not. */
class SqlTranslatorTest {
  @Test
  void rewritesDuckDbSpellings() {
    assertThat(SqlTranslator.toSpark("select isodow(ts) - 1 as dow from t"))
        .isEqualTo("select CAST((dayofweek(ts) + 5) % 7 + 1 AS BIGINT) - 1 as dow from t");
    assertThat(SqlTranslator.toSpark("SELECT * FROM read_parquet('/a/b c.parquet') AS q"))
        .isEqualTo("SELECT * FROM parquet.`/a/b c.parquet` AS q");
    assertThat(SqlTranslator.toSpark("select cast(x as varchar), y::TEXT from t"))
        .isEqualTo("select cast(x AS STRING), y::STRING from t");
    assertThat(SqlTranslator.toSpark("select last_value(p ignore nulls) over w from t"))
        .isEqualTo("select last_value(p, true) over w from t");
    assertThat(SqlTranslator.toSpark("select date_diff('day', a, b)")).isEqualTo("select CAST(datediff(CAST(b AS DATE), CAST(a AS DATE)) AS BIGINT)");
    assertThat(SqlTranslator.toSpark("select rank() over (partition by a order by b) r, row_number() over w from t"))
        .isEqualTo("select CAST(rank() over (partition by a order by b) AS BIGINT) r, CAST(row_number() over w AS BIGINT) from t");
  }

  @Test
  void stringLiteralsKeepDuckDbMeaning() {
    assertThat(SqlTranslator.toSpark("select '\\d+' as r, 'it''s' as q")).isEqualTo("select '\\\\d+' as r, 'it\\'s' as q");
  }

  @Test
  void sparkFragmentsInsideDuckDbSqlAreKeptAsTheyAre() {
    // a quarantine predicate rendered in Spark SQL, embedded in the runner's DuckDB statement
    String fragment = "NOT (`code` RLIKE '^\\\\d{3}$' AND `name` IN ('it\\'s'))";
    String sql = "SELECT *, CAST(x AS VARCHAR) AS f FROM t WHERE COALESCE((/* spark{ */ " + fragment
        + " /* }spark */), false) AND y = 'it''s' AND z = /* spark{ */ 'a\\'b' /* }spark */";
    assertThat(SqlTranslator.toSpark(sql)).isEqualTo("SELECT *, CAST(x AS STRING) AS f FROM t WHERE COALESCE(((" + fragment
        + ")), false) AND y = 'it\\'s' AND z = ('a\\'b')");
  }

  @Test
  void sqlMarkedAsSparkPassesAsIs() {
    String sql = "/* dialect: spark */ select dayofweek(d), len(s) from t";
    assertThat(SqlTranslator.toSpark(sql)).isEqualTo(sql);
  }

  @Test
  void leavesStringsCommentsAndQualifiedNamesAlone() {
    String sql = "select 'isodow(x)' as s, \"isodow(\" , t.isodow(1) -- isodow(y)\nfrom t";
    assertThat(SqlTranslator.toSpark(sql)).isEqualTo(sql);
    assertThat(SqlTranslator.toSpark("select a as text, b as varchar_col from t")).isEqualTo("select a as text, b as varchar_col from t");
  }
}
