package io.millrace.duckdb;

import io.millrace.api.project.EngineSpec;
import io.millrace.api.spi.EngineSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** One in-memory engine per test class (opening one costs about a second the first time). */
abstract class EngineFixture {
  static DuckDbEngine engine;
  static EngineSession session;

  @BeforeAll
  static void openEngine() {
    engine = DuckDbEngine.open(new EngineSpec("duckdb", 2, "1GB"), null);
    session = engine.session();
  }

  @AfterAll
  static void closeEngine() {
    session.close();
    engine.close();
  }
}
