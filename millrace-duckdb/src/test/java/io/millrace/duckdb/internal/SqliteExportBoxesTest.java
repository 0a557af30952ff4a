package io.millrace.duckdb.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The export's reused boxes carry exactly the values read. */
class SqliteExportBoxesTest {
  @Test
  void wholeNumbersAreBoxedExactlyInAndOutsideTheSharedTable() {
    for (long v : new long[] {Long.MIN_VALUE, -65_536, -1, 0, 1, 127, 128, 65_535, 65_536, Long.MAX_VALUE}) {
      assertThat(SqliteExport.boxed(v)).isEqualTo(v);
    }
    assertThat(SqliteExport.boxed(40_000)).isSameAs(SqliteExport.boxed(40_000));
  }

  @Test
  void doublesAreReadBitForBitAndRepeatedValuesShareOneBox() throws Exception {
    // two values that share a slot, so a stale box would show as the wrong value
    double a = 240.03;
    double b = a;
    for (long bits = Double.doubleToRawLongBits(a) + 1; ; bits++) {
      if (SqliteExport.slot(bits) == SqliteExport.slot(Double.doubleToRawLongBits(a))) {
        b = Double.longBitsToDouble(bits);
        break;
      }
    }
    List<Double> in = List.of(a, b, a, -0.0, 0.0, -0.0, Double.NaN, 1e300, a, b);
    StringBuilder values = new StringBuilder();
    for (int i = 0; i < in.size(); i++) {
      values.append(i == 0 ? "" : ", ").append("(").append(i).append(", ")
          .append(Double.isNaN(in.get(i)) ? "'NaN'::DOUBLE" : "'" + in.get(i) + "'::DOUBLE").append(")");
    }
    values.append(", (99, NULL)");
    List<Object> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT v FROM (VALUES " + values + ") t(i, v) ORDER BY i")) {
      SqliteExport.Reader reader = SqliteExport.doubles(1);
      while (rs.next()) {
        out.add(reader.read(rs));
      }
    }
    assertThat(out).hasSize(in.size() + 1);
    for (int i = 0; i < in.size(); i++) {
      assertThat(Double.doubleToRawLongBits((Double) out.get(i))).as("value %d", i)
          .isEqualTo(Double.doubleToRawLongBits(in.get(i)));
    }
    assertThat(out.get(in.size())).isNull();
    // a, b (evicting a from their shared slot), a boxed again, ..., a: the second box is reused
    assertThat(out.get(8)).isSameAs(out.get(2)).isNotSameAs(out.get(0));
  }
}
