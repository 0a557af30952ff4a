package io.millrace.quality.profile;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.quality.Suite;
import io.millrace.quality.SuiteLoader;
import io.millrace.quality.ValidationOptions;
import io.millrace.quality.ValidationResult;
import io.millrace.quality.Validator;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The suggested suite goes through the real suite loader and validator of this module. */
class SuggestedSuiteRoundTripTest {
  @Test
  void suggestedSuitePassesOnTheDataItWasProfiledFromAndCatchesChanges() {
    try (DuckDbRunner db = new DuckDbRunner()) {
      db.execute("CREATE TABLE orders AS SELECT i AS id, ['books', 'home', 'toys'][1 + i % 3] AS category,"
          + " 0.5 + (i % 50) * 2.25 AS price, CASE WHEN i % 4 = 0 THEN NULL ELSE 'n' || i END AS note"
          + " FROM range(200) r(i)");
      String yaml = Suggester.suggest(new Profiler().profile(db, "orders", null, ProfileOptions.DEFAULTS), "orders");
      Suite suite = new SuiteLoader().parse(yaml, Path.of("orders.yaml"));
      assertThat(suite.expectations()).hasSizeGreaterThanOrEqualTo(8);

      ValidationResult same = new Validator().validate(suite, db, "orders", ValidationOptions.DEFAULT);
      assertThat(same.success()).as(same.toTable()).isTrue();

      db.execute("INSERT INTO orders VALUES (7, 'garden', 1000.0, 'x')");
      ValidationResult changed = new Validator().validate(suite, db, "orders", ValidationOptions.DEFAULT);
      assertThat(changed.success()).isFalse();
      assertThat(changed.results()).filteredOn(r -> !r.success()).hasSize(3);
    }
  }
}
