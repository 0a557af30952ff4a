package io.millrace.quality.internal.dialect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.api.ErrorKind;
import io.millrace.api.MillraceException;
import io.millrace.api.spi.QueryResult;
import io.millrace.api.spi.SqlRunner;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Spark rendering of canonical SQL, fragment by fragment (no Spark needed; Spark runs them in SparkParityTest). */
class DialectRenderingTest {
  private static String spark(String sql) {
    return SparkDialect.INSTANCE.render(sql);
  }

  @Test
  void duckDbIsTheCanonicalDialectAndRendersNothing() {
    String sql = "SELECT count_if(NOT regexp_matches(\"a\", '^x''y\\d')) FROM read_parquet('/t/f.parquet')";
    assertThat(Dialect.of("duckdb").render(sql)).isSameAs(sql);
    assertThat(Dialect.of((String) null)).isSameAs(DuckDbDialect.INSTANCE);
    assertThat(Dialect.of(" Spark ")).isSameAs(SparkDialect.INSTANCE);
  }

  @Test
  void fragmentsForCallersAreMarkedAsSparkSqlOnSparkOnly() {
    String pred = "NOT regexp_matches(\"code\", '^\\d$')";
    assertThat(Dialect.of("duckdb").renderFragment(pred)).isSameAs(pred);
    assertThat(SparkDialect.INSTANCE.renderFragment(pred))
        .isEqualTo("/* spark{ */ " + spark(pred) + " /* }spark */")
        .contains("`code`", "'^\\\\d$'");
  }

  @Test
  void unknownDialectIsAUserError() {
    assertThatThrownBy(() -> Dialect.of("trino"))
        .isInstanceOfSatisfying(MillraceException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.USER))
        .hasMessageContaining("'trino'").hasMessageContaining("duckdb and spark");
  }

  @Test
  void identifiersAndLiteralsAreRequotedNeverRewrittenInside() {
    assertThat(spark("SELECT \"we\"\"ird`col\" FROM t WHERE \"to_json(x)\" = 'it''s a \\d'"))
        .isEqualTo("SELECT `we\"ird``col` FROM t WHERE `to_json(x)` = 'it\\'s a \\\\d'");
    assertThat(spark("SELECT 'VARCHAR', \"TIMESTAMP\" FROM parquet.`/a b/f.parquet`"))
        .isEqualTo("SELECT 'VARCHAR', `TIMESTAMP` FROM parquet.`/a b/f.parquet`");
  }

  @Test
  void typesAndTypedLiterals() {
    assertThat(spark("CAST(\"x\" AS VARCHAR)")).isEqualTo("CAST(`x` AS STRING)");
    assertThat(spark("TRY_CAST(\"x\" AS TIMESTAMP) > TIMESTAMP '2020-01-01 00:00:00'"))
        .isEqualTo("TRY_CAST(`x` AS TIMESTAMP_NTZ) > TIMESTAMP_NTZ '2020-01-01 00:00:00'");
    assertThat(spark("CAST(x AS TIMESTAMP WITH TIME ZONE), TIMESTAMPTZ '2020-01-01 00:00:00+00'"))
        .isEqualTo("CAST(x AS TIMESTAMP_LTZ), TIMESTAMP_LTZ '2020-01-01 00:00:00+00'");
  }

  @Test
  void relations() {
    assertThat(spark("SELECT * FROM read_parquet('/tmp/o''k.parquet')"))
        .isEqualTo("SELECT * FROM parquet.`/tmp/o'k.parquet`");
    assertThat(spark("SELECT * FROM read_parquet(['/a.parquet', '/b.parquet'])"))
        .isEqualTo("SELECT * FROM (SELECT * FROM parquet.`/a.parquet` UNION ALL SELECT * FROM parquet.`/b.parquet`)");
    assertThatThrownBy(() -> spark("SELECT * FROM read_parquet('/a.parquet', union_by_name = true)"))
        .hasMessageContaining("Cannot read read_parquet");
  }

  @Test
  void functions() {
    assertThat(spark("count_if(NOT regexp_matches(\"s\", '^a\\.b$'))"))
        .isEqualTo("count_if(NOT (`s` RLIKE '^a\\\\.b$'))");
    assertThat(spark("regexp_matches(\"s\", 'abc', 'i')")).isEqualTo("(`s` RLIKE concat('(?i)', 'abc'))");
    assertThat(spark("to_json(\"v\")")).isEqualTo("regexp_replace(to_json(array(`v`)), '^\\\\[|\\\\]$', '')");
    assertThat(spark("json_object('a', \"a\", 'b', \"b\")"))
        .isEqualTo("to_json(named_struct('a', `a`, 'b', `b`), map('ignoreNullFields', 'false'))");
    assertThat(spark("json_array(\"a\", \"b\")")).startsWith("concat('[', regexp_replace(to_json(array(`a`))")
        .contains(", ',', regexp_replace(to_json(array(`b`))").endsWith(", ']')");
    assertThat(spark("NOT json_valid(\"j\")"))
        .isEqualTo("NOT (CASE WHEN `j` IS NULL THEN NULL ELSE try_parse_json(`j`) IS NOT NULL END)");
    assertThat(spark("try_strptime(\"d\", '%Y-%m-%d') IS NULL"))
        .isEqualTo("try_to_timestamp(`d`, 'yyyy\\'-\\'M\\'-\\'d') IS NULL");
    assertThat(spark("try_strptime(\"d\", ['%m/%d/%Y', '%b %d %Y %H:%M:%S'])"))
        .isEqualTo("coalesce(try_to_timestamp(`d`, 'M\\'/\\'d\\'/\\'yyyy'), "
            + "try_to_timestamp(`d`, 'MMM\\' \\'d\\' \\'yyyy\\' \\'H\\':\\'m\\':\\'s'))");
    assertThat(spark("quantile_cont(\"x\", 0.25), median(\"x\"), count(DISTINCT row(\"a\", \"b\"))"))
        .isEqualTo("percentile(`x`, 0.25), median(`x`), count(DISTINCT struct(`a`, `b`))");
    assertThat(spark("concat(\"a\", 1)")).isEqualTo("concat_ws('', CAST(`a` AS STRING), CAST(1 AS STRING))");
    assertThat(spark("lag(\"x\") OVER () AS p, max(count(*)) OVER () AS m"))
        .isEqualTo("lag(`x`) OVER (ORDER BY monotonically_increasing_id()) AS p, max(count(*)) OVER () AS m");
    assertThat(spark("dayofweek(\"t\") + isodow(\"t\") + 7 // 2"))
        .isEqualTo("(dayofweek(`t`) - 1) + (weekday(`t`) + 1) + 7  div  2");
  }

  @Test
  void jsonPathFunctionsReadAVariant() {
    assertThat(SparkSql.variantPath("$.\"a b\".\"c\\\"d\"[0]")).isEqualTo("$['a b']['c\"d'][0]");
    assertThat(spark("json_exists(\"j\", '$.\"k\"')"))
        .isEqualTo("(variant_get(try_parse_json(`j`), '$[\\'k\\']') IS NOT NULL)");
    assertThat(spark("CAST(json_extract(\"j\", '$') AS VARCHAR)"))
        .isEqualTo("CAST(to_json(variant_get(try_parse_json(`j`), '$')) AS STRING)");
    assertThat(spark("json_type(\"j\", '$') = 'VARCHAR'")).startsWith("(CASE WHEN schema_of_variant(")
        .endsWith(" END) = 'VARCHAR'");
  }

  @Test
  void aParenthesizedWhereIsNotReadAsATableAlias() {
    assertThat(spark("SELECT count(*) FROM t WHERE (TRUE) GROUP BY \"a\""))
        .isEqualTo("SELECT count(*) FROM t WHERE TRUE AND (TRUE) GROUP BY `a`");
    assertThat(spark("SELECT count(*) FROM t WHERE \"a\" > 1")).isEqualTo("SELECT count(*) FROM t WHERE `a` > 1");
  }

  @Test
  void strftimeDirectivesWithoutSparkCounterpartAreRefused() {
    assertThatThrownBy(() -> spark("try_strptime(\"d\", '%U')")).hasMessageContaining("directive %U");
  }

  @Test
  void sparkTypesAreDescribedWithDuckDbNames() {
    List<String> sent = new ArrayList<>();
    SqlRunner runner = new SqlRunner() {
      @Override
      public QueryResult query(String sql) {
        sent.add(sql);
        return new QueryResult(List.of("col_name", "data_type", "comment"), List.of(
            List.of("i", "int"), List.of("b", "bigint"), List.of("s", "string"), List.of("t", "timestamp_ntz"),
            List.of("z", "timestamp"), List.of("d", "decimal(18,3)"), List.of("a", "array<string>"),
            List.of("f", "boolean")).stream().map(r -> {
              List<Object> row = new ArrayList<>(r);
              row.add(null);
              return row;
            }).toList());
      }

      @Override
      public long execute(String sql) {
        return -1;
      }

      @Override
      public String dialect() {
        return "spark";
      }
    };
    assertThat(SparkDialect.INSTANCE.describe(runner, "read_parquet('/x.parquet')")).containsExactly(
        java.util.Map.entry("i", "INTEGER"), java.util.Map.entry("b", "BIGINT"), java.util.Map.entry("s", "VARCHAR"),
        java.util.Map.entry("t", "TIMESTAMP"), java.util.Map.entry("z", "TIMESTAMP WITH TIME ZONE"),
        java.util.Map.entry("d", "DECIMAL(18,3)"), java.util.Map.entry("a", "VARCHAR[]"),
        java.util.Map.entry("f", "BOOLEAN"));
    assertThat(sent).containsExactly("/* dialect: spark */ DESCRIBE QUERY SELECT * FROM parquet.`/x.parquet`");
  }

  @Test
  void statementsSentToSparkSayTheyAreSparkSqlSoTheEngineDoesNotTranslateThemAgain() {
    String sql = "SELECT dayofweek(d) AS w, count(*) FILTER (WHERE x IS NULL) FROM read_parquet('/x.parquet')";
    assertThat(SparkDialect.INSTANCE.renderStatement(sql))
        .isEqualTo("/* dialect: spark */ " + SparkDialect.INSTANCE.render(sql));
    assertThat(Dialect.of("duckdb").renderStatement(sql)).isSameAs(sql);
  }
}
