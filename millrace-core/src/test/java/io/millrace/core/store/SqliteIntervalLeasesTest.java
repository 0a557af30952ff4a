package io.millrace.core.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The interval-lease contract on a SQLite file. */
class SqliteIntervalLeasesTest extends IntervalLeasesContract {
  @TempDir Path dir;

  @Override
  protected String url() {
    return "jdbc:sqlite:" + dir.resolve("runs.db");
  }
}
