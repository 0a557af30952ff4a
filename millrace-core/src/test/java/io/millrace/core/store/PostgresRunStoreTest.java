package io.millrace.core.store;

import io.millrace.api.spi.RunStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;

/** The run-store contract on the PostgreSQL at 127.0.0.1:5432, each test in a schema of its own. */
@Tag("services")
class PostgresRunStoreTest extends RunStoreContract implements AlertHistoryContract {
  @Override
  public io.millrace.api.spi.RunStore alertStore() {
    return store;
  }

  private static final String URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
  private final String schema = "millrace_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

  @AfterEach
  void dropSchema() throws SQLException {
    store.close();
    sql("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
  }

  @Override
  protected RunStore newStore() {
    // Created here, not in a @BeforeEach: the contract's @BeforeEach (which opens the store) runs first.
    try {
      sql("CREATE SCHEMA IF NOT EXISTS " + schema);
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot create test schema " + schema, e);
    }
    return JdbcRunStore.open(URL + "&currentSchema=" + schema);
  }

  @Override
  protected RunStore newStore(String projectId) {
    return JdbcRunStore.open(URL + "&currentSchema=" + schema, projectId);
  }

  private static void sql(String statement) throws SQLException {
    try (Connection c = DriverManager.getConnection(URL); Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }
}
