package io.millrace.core.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;

/** The interval-lease contract on the PostgreSQL at 127.0.0.1:5432, each test in a schema of its own. */
@Tag("services")
class PostgresIntervalLeasesTest extends IntervalLeasesContract {
  private static final String URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
  private final String schema = "millrace_lease_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

  @BeforeEach
  void createSchema() throws SQLException {
    sql("CREATE SCHEMA " + schema);
  }

  @AfterEach
  void dropSchema() throws SQLException {
    closeAll();
    sql("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
  }

  @Override
  protected String url() {
    return URL + "&currentSchema=" + schema;
  }

  private static void sql(String statement) throws SQLException {
    try (Connection c = DriverManager.getConnection(URL); Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }
}
