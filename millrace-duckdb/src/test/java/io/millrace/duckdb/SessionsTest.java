package io.millrace.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.api.ErrorKind;
import io.millrace.api.MillraceException;
import io.millrace.api.spi.EngineSession;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SessionsTest extends EngineFixture {
  @Test
  void sessionsOnManyThreadsShareTheCatalog() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Long>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int id = t;
        results.add(pool.submit(() -> {
          try (EngineSession s = engine.session()) {
            s.registerView("v" + id, "select * from range(" + (id + 1) * 1000 + ")");
            s.execute("create or replace table t" + id + " as select count(*) as n from v" + id);
            return (Long) s.query("select n from t" + id).scalar();
          }
        }));
      }
      for (int t = 0; t < 4; t++) {
        assertThat(results.get(t).get(30, TimeUnit.SECONDS)).isEqualTo((t + 1) * 1000L);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(session.query("select sum(n) from (select n from t0 union all select n from t1 "
        + "union all select n from t2 union all select n from t3)").scalar())
        .isEqualTo(java.math.BigInteger.valueOf(10_000));
  }

  @Test
  void cancelStopsARunningStatement() throws Exception {
    try (EngineSession s = engine.session()) {
      Thread canceller = new Thread(() -> {
        try {
          Thread.sleep(300);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        s.cancel();
      });
      canceller.start();
      long start = System.nanoTime();
      assertThatThrownBy(() -> s.query("select count(*) from range(100000000000) a(x) where hash(x) = 1"))
          .isInstanceOf(MillraceException.class);
      canceller.join();
      assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(20);
      assertThat(s.query("select 42").scalar()).isEqualTo(42);
    }
  }

  @Test
  void reportsSqlErrorsAsUserErrorsWithDuckDbsMessage() {
    assertThatThrownBy(() -> session.execute("select * from no_such_table"))
        .isInstanceOf(MillraceException.class)
        .hasMessageStartingWith("Cannot run statement: Catalog Error: Table with name no_such_table does not exist")
        .satisfies(e -> assertThat(((MillraceException) e).kind()).isEqualTo(ErrorKind.USER));
  }

  @Test
  void failsFastOnExtensionsThatCannotBeInstalled() {
    assertThatThrownBy(() -> session.query("select * from iceberg_scan('x')"))
        .isInstanceOf(MillraceException.class);
  }
}
