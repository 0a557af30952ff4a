package io.millrace.duckdb.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ParquetWriterOrderTest {
  @Test
  void keepsTheRowOrderOnlyOfQueriesThatMayOrderTheirRows() {
    assertThat(ParquetWriter.ordered("select * from t order by a")).isTrue();
    assertThat(ParquetWriter.ordered("SELECT a FROM t\nORDER\tBY a")).isTrue();
    assertThat(ParquetWriter.ordered("select row_number() over (Order By a) as n from t")).isTrue();
    assertThat(ParquetWriter.ordered("-- in order\nselect a from t")).isTrue();   // conservative

    assertThat(ParquetWriter.ordered("select order_count, \"orders\" from reorder")).isFalse();
    assertThat(ParquetWriter.ordered("SELECT * FROM \"__load_sales\" WHERE a > 0")).isFalse();
  }
}
