package io.millrace.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.api.Column;
import io.millrace.api.ErrorKind;
import io.millrace.api.LogicalType;
import io.millrace.api.MillraceException;
import io.millrace.api.project.SourceFormat;
import io.millrace.api.project.SourceSpec;
import io.millrace.api.spi.Reject;
import io.millrace.api.spi.SourceLoad;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvSourceTest extends EngineFixture {
  static final List<Column> SALES = List.of(new Column("date", LogicalType.DATE),
      new Column("product_id", LogicalType.INTEGER), new Column("quantity", LogicalType.INTEGER),
      new Column("price", LogicalType.DOUBLE), new Column("customer_id", LogicalType.INTEGER));

  @TempDir Path dir;

  @Test
  void keepsGoodRowsAndRejectsEachBadLineOnce() throws IOException {
    Path file = dir.resolve("sales.csv");
    Files.writeString(file, String.join("\n",
        "date,product_id,quantity,price,customer_id",
        "2024-01-01,1,3,9.99,10",
        "2024-01-02,2,abc,5.00,11",          // non-numeric quantity
        "2024-13-45,3,4,1.50,12",            // bad date
        "2024-01-04,4,2",                    // too few fields
        "2024-01-05,5,zz,xx,14",             // two bad values: one reject
        "2024-01-06,6,7,,15",                // empty price is a null, not a reject
        "2024-01-07,7,1,2.25,16") + "\n");

    SourceLoad load = session.loadSource(SourceSpec.file("sales", SourceFormat.CSV, file, SALES), "sales");

    long dataLines = Files.readAllLines(file).size() - 1;
    assertThat(load.rows()).isEqualTo(3);
    assertThat(load.rows() + load.rejects().size()).isEqualTo(dataLines);
    assertThat(load.rejects()).extracting(Reject::line).containsExactly(3L, 4L, 5L, 6L);
    assertThat(load.rejects()).extracting(Reject::column).containsExactly("quantity", "date", null, "quantity");
    Reject first = load.rejects().get(0);
    assertThat(first.file()).isEqualTo(file.toString());
    assertThat(first.original()).isEqualTo("2024-01-02,2,abc,5.00,11");
    assertThat(first.reason()).contains("abc");
    assertThat(load.schema().columns()).isEqualTo(SALES);
    assertThat(session.query("select count(*) from sales").scalar()).isEqualTo(3L);
    assertThat(session.query("select count(*) from sales where price is null").scalar()).isEqualTo(1L);
  }

  /** Above 8 MB the field scan runs in two halves at once: rejects in both are found and numbered by line. */
  @Test
  void rejectsAndInexactValuesInBothHalvesOfALargeFileAreFoundByLine() throws IOException {
    Path file = dir.resolve("large.csv");
    int lines = 320_000;   // about 9 MB
    StringBuilder s = new StringBuilder("date,product_id,quantity,price,customer_id\n");
    for (int i = 2; i <= lines; i++) {
      String quantity = i == 1_000 || i == 250_000 ? "3.5" : i == 5_000 || i == 300_000 ? "abc" : "7";
      s.append("2024-01-").append(10 + i % 18).append(',').append(i % 1000).append(',').append(quantity)
          .append(",12.50,").append(i % 10_000).append('\n');
    }
    Files.writeString(file, s);
    assertThat(Files.size(file)).isGreaterThan(8L << 20);

    SourceLoad load = session.loadSource(SourceSpec.file("sales", SourceFormat.CSV, file, SALES), "sales");

    assertThat(load.rejects()).extracting(Reject::line).containsExactly(1_000L, 5_000L, 250_000L, 300_000L);
    assertThat(load.rejects()).extracting(Reject::column).containsOnly("quantity");
    assertThat(load.rejects().get(2).original()).startsWith("2024-01-").contains(",3.5,");
    assertThat(load.rows()).isEqualTo(lines - 1 - 4);
    assertThat(session.query("select count(*) from sales").scalar()).isEqualTo((long) (lines - 1 - 4));
  }

  @Test
  void aSecondLoadDoesNotSeeTheFirstLoadsRejects() throws IOException {
    Path bad = dir.resolve("bad.csv");
    Files.writeString(bad, "a,b\n1,2\nx,3\n");
    Path good = dir.resolve("good.csv");
    Files.writeString(good, "a,b\n1,2\n4,3\n");
    List<Column> cols = List.of(new Column("a", LogicalType.INTEGER), new Column("b", LogicalType.INTEGER));

    assertThat(session.loadSource(SourceSpec.file("t", SourceFormat.CSV, bad, cols), "t").rejects()).hasSize(1);
    SourceLoad second = session.loadSource(SourceSpec.file("t", SourceFormat.CSV, good, cols), "t");

    assertThat(second.rejects()).isEmpty();
    assertThat(second.rows()).isEqualTo(2);
  }

  @Test
  void infersUndeclaredColumnsAndReadsOtherDelimiters() throws IOException {
    Path file = dir.resolve("semi.csv");
    Files.writeString(file, "id;name;score\n1;ann;2.5\n2;bob;3\n");
    SourceSpec spec = new SourceSpec("people", SourceFormat.CSV, file,
        List.of(new Column("id", LogicalType.BIGINT)), true, ";", null, null, List.of());

    SourceLoad load = session.loadSource(spec, "people");

    assertThat(load.schema().columns()).containsExactly(new Column("id", LogicalType.BIGINT),
        new Column("name", LogicalType.VARCHAR), new Column("score", LogicalType.DOUBLE));
    assertThat(load.rows()).isEqualTo(2);
  }

  @Test
  void namesTheColumnMissingFromTheHeader() throws IOException {
    Path file = dir.resolve("sales.csv");
    Files.writeString(file, "date,product_id,quantity,customer_id\n2024-01-01,1,3,10\n");

    assertThatThrownBy(() -> session.loadSource(SourceSpec.file("sales", SourceFormat.CSV, file, SALES), "sales"))
        .isInstanceOf(MillraceException.class)
        .hasMessage("Cannot read source 'sales' from " + file + ": column 'price' is missing from the "
            + "header (found: date, product_id, quantity, customer_id)")
        .satisfies(e -> assertThat(((MillraceException) e).kind()).isEqualTo(ErrorKind.USER));
  }

  @Test
  void namesTheSourceAndPathOfAMissingFile() {
    Path file = dir.resolve("nope.csv");
    assertThatThrownBy(() -> session.loadSource(SourceSpec.file("sales", SourceFormat.CSV, file, SALES), "sales"))
        .isInstanceOf(MillraceException.class)
        .hasMessage("Cannot read source 'sales' from " + file + ": file not found");
  }

  @Test
  void aLineOverTheMaximumNamesTheSettingAndLoadsOnceItIsRaised() throws IOException {
    Path file = dir.resolve("long.csv");
    Files.writeString(file, "a,b\n1,x\n2," + "y".repeat(3_000_000) + "\n3,z\n");
    List<Column> cols = List.of(new Column("a", LogicalType.INTEGER), new Column("b", LogicalType.VARCHAR));

    assertThatThrownBy(() -> session.loadSource(SourceSpec.file("wide", SourceFormat.CSV, file, cols), "wide"))
        .isInstanceOf(MillraceException.class)
        .hasMessageContaining("Cannot read source 'wide' from " + file + ": a line of 3000003 bytes is longer "
            + "than the maximum line size")
        .hasMessageContaining("set max_line_size on the source in millrace.yaml (e.g. max_line_size: 3MB)");
    SourceLoad load = session.loadSource(new SourceSpec("wide", SourceFormat.CSV, file, cols, true, ",", null,
        null, List.of(), 8L << 20), "wide");

    assertThat(load.rows()).isEqualTo(3);
    assertThat(session.query("select max(length(b)) from wide").scalar()).isEqualTo(3_000_000L);
  }
}
