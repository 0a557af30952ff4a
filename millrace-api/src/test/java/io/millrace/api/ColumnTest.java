package io.millrace.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ColumnTest {
  @Test
  void parsesDecimalWithPrecisionAndScale() {
    assertThat(Column.parse("a", "decimal(20,2)")).isEqualTo(Column.decimal("a", 20, 2));
    assertThat(Column.parse("a", " NUMERIC ( 12 , 0 ) ").sql()).isEqualTo("DECIMAL(12,0)");
    assertThat(Column.parse("a", "decimal(9)")).isEqualTo(Column.decimal("a", 9, 0));
    assertThat(Column.parse("a", "decimal")).isEqualTo(Column.decimal("a", 18, 3));
    assertThat(Column.parse("a", "bigint")).isEqualTo(new Column("a", LogicalType.BIGINT));
    assertThat(new Column("a", LogicalType.BIGINT).sql()).isEqualTo("BIGINT");
    assertThat(Column.decimal("a", 20, 2)).isNotEqualTo(Column.decimal("a", 20, 3));
  }

  @Test
  void refusesPrecisionOrScaleOutOfRangeNamingTheColumn() {
    assertThatThrownBy(() -> Column.parse("amount", "decimal(39,2)"))
        .isInstanceOf(MillraceException.class)
        .hasMessage("Cannot declare column 'amount' as DECIMAL(39,2): precision must be 1 to 38 and scale 0 "
            + "to the precision");
    assertThatThrownBy(() -> Column.decimal("amount", 4, 5)).hasMessageContaining("DECIMAL(4,5)");
    assertThatThrownBy(() -> Column.parse("amount", "decimal(123456789012,2)"))
        .hasMessageContaining("column 'amount'");
    assertThatThrownBy(() -> new Column("n", LogicalType.INTEGER, 10, 0))
        .hasMessageContaining("only DECIMAL has them");
    assertThatThrownBy(() -> Column.parse("amount", "decimal(20,2"))
        .hasMessageContaining("Cannot use type 'decimal(20,2'");
  }
}
