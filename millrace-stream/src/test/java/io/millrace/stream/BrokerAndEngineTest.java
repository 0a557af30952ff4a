package io.millrace.stream;

import io.millrace.api.project.EngineSpec;
import io.millrace.duckdb.DuckDbEngine;
import io.millrace.stream.kafka.EmbeddedKafka;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * For end-to-end test classes: one real embedded broker and one DuckDB engine per class, in a
 * temporary folder that holds the broker's data and whatever the tests write beside it.
 */
abstract class BrokerAndEngineTest {
  @TempDir static Path dir;
  static EmbeddedKafka kafka;
  static DuckDbEngine engine;

  @BeforeAll
  static void startBrokerAndEngine() {
    kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0);
    engine = DuckDbEngine.open(EngineSpec.DEFAULT, null);
  }

  @AfterAll
  static void stopBrokerAndEngine() {
    engine.close();
    kafka.close();
  }
}
