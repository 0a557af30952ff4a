package io.millrace.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.api.Column;
import io.millrace.api.LogicalType;
import io.millrace.api.project.GenerateSpec;
import io.millrace.api.project.SourceFormat;
import io.millrace.api.project.SourceSpec;
import io.millrace.api.spi.SourceLoad;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataGeneratorTest extends EngineFixture {
  @TempDir Path dir;

  @Test
  void salesIsDeterministicPerSeed() throws Exception {
    Path a = dir.resolve("a.csv");
    Path b = dir.resolve("b.csv");
    Path c = dir.resolve("c.csv");
    DataGenerator.sales(a, 50_000, 42, true);
    DataGenerator.sales(b, 50_000, 42, true);
    DataGenerator.sales(c, 50_000, 43, true);

    assertThat(Files.mismatch(a, b)).isEqualTo(-1L);
    assertThat(Files.mismatch(a, c)).isNotEqualTo(-1L);
  }

  @Test
  void cleanSalesLoadsWithoutRejectsAndStaysInRange() {
    Path file = dir.resolve("sales.csv");
    assertThat(DataGenerator.sales(file, 20_000, 1, false)).isEqualTo(20_000);

    SourceLoad load = session.loadSource(SourceSpec.file("sales", SourceFormat.CSV, file, CsvSourceTest.SALES), "gen_sales");

    assertThat(load.rows()).isEqualTo(20_000);
    assertThat(load.rejects()).isEmpty();
    assertThat(session.query("select min(date)::varchar, max(date)::varchar, min(quantity), max(quantity), "
        + "min(price) >= 1, max(price) <= 500, count(distinct product_id) between 900 and 1000, "
        + "max(customer_id) <= 10000, count(*) - count(price), count(*) - count(customer_id), "
        + "count(distinct (product_id, price)) = count(distinct product_id) "
        + "from gen_sales").rows().get(0)).containsExactly("2024-01-01", "2025-12-31", 1, 10, true,
        true, true, true, 0L, 0L, true);
  }

  @Test
  void defectiveSalesHoldEveryKindOfDefectAndEveryLineIsAccountedFor() throws Exception {
    Path file = dir.resolve("sales.csv");
    DataGenerator.sales(file, 50_000, 42, true);

    SourceLoad load = session.loadSource(SourceSpec.file("sales", SourceFormat.CSV, file, CsvSourceTest.SALES), "bad_sales");

    assertThat(load.rows() + load.rejects().size()).isEqualTo(Files.readAllLines(file).size() - 1);
    assertThat(load.rejects()).extracting(r -> r.column()).contains("quantity").containsNull();
    List<Object> defects = session.query("select count(*) filter (price is null), "
        + "count(*) filter (customer_id is null), count(*) filter (price < 0), count(*) filter (quantity = 0), "
        + "(select count(*) from (select * from bad_sales group by all having count(*) > 1)) from bad_sales")
        .rows().get(0);
    assertThat(defects).allSatisfy(n -> assertThat((Long) n).isBetween(10L, 500L));
  }

  @Test
  void recsysMeetsItsInvariants() {
    List<Path> files = DataGenerator.recsys(dir, 300, 120, 5_000, 7, false);
    assertThat(files).allSatisfy(f -> assertThat(f).exists());
    String behavior = "read_csv('" + dir.resolve("user_behavior.csv") + "')";
    String catalog = "read_csv('" + dir.resolve("product_catalog.csv") + "')";
    String history = "read_csv('" + dir.resolve("transaction_history.csv") + "')";

    List<Object> b = session.query("select count(distinct user_id), count(*) between 300 * 3 and 300 * 10, "
        + "count(*) = count(distinct (user_id, timestamp)), min(page_views) >= 0, max(page_views) <= 1000, "
        + "min(session_duration) >= 0, max(session_duration) <= 7200, "
        + "(count(*) - count(page_views)) * 100.0 / count(*) between 1 and 6, "
        + "min(timestamp) >= timestamp '2025-01-01', max(timestamp) < timestamp '2025-01-31', "
        + "typeof(min(timestamp)) from " + behavior).rows().get(0);
    assertThat(b).containsExactly(300L, true, true, true, true, true, true, true, true, true, "TIMESTAMP");

    List<Object> p = session.query("select count(*), count(distinct product_id), min(price) >= 1, "
        + "max(price) <= 10000, count(*) filter (price > 1000) between 1 and 12, min(rating) >= 0, max(rating) <= 5, "
        + "list_sort(list_distinct(list(category))) from " + catalog).rows().get(0);
    assertThat(p.subList(0, 7)).containsExactly(120L, 120L, true, true, true, true, true);
    assertThat(p.get(7).toString()).isEqualTo("[books, clothing, electronics, home, sports]");

    List<Object> t = session.query("select count(*), count(distinct transaction_id), min(amount) > 0, "
        + "max(user_id) <= 300 from " + history).rows().get(0);
    assertThat(t).containsExactly(5000L, 5000L, true, true);
  }

  @Test
  void recsysWithDefectsBreaksTheChecksItShould() throws Exception {
    DataGenerator.generate(new GenerateSpec("recsys", dir, Map.of("users", "500", "products", "200",
        "transactions", "5000", "seed", "3", "defects", "true")));
    List<Column> txCols = List.of(new Column("transaction_id", LogicalType.INTEGER),
        new Column("user_id", LogicalType.INTEGER), new Column("amount", LogicalType.DOUBLE),
        new Column("timestamp", LogicalType.TIMESTAMP));

    SourceLoad tx = session.loadSource(SourceSpec.file("transaction_history", SourceFormat.CSV,
        dir.resolve("transaction_history.csv"), txCols), "tx");

    assertThat(tx.rejects()).hasSize(2);
    assertThat(session.query("select count(*) filter (amount <= 0) > 0, "
        + "count(*) > count(distinct transaction_id) from tx").rows().get(0)).isEqualTo(Arrays.asList(true, true));
    assertThat(session.query("select count(*) filter (price < 0) > 0 from read_csv('"
        + dir.resolve("product_catalog.csv") + "')").scalar()).isEqualTo(true);
  }
}
