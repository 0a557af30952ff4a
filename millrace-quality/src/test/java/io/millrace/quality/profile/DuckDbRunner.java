package io.millrace.quality.profile;

import io.millrace.api.project.EngineSpec;
import io.millrace.api.spi.EngineSession;
import io.millrace.api.spi.QueryResult;
import io.millrace.api.spi.SqlRunner;
import io.millrace.duckdb.DuckDbEngine;

/** The real embedded engine, in memory: one engine and one session, closed together. */
final class DuckDbRunner implements SqlRunner, AutoCloseable {
  private final DuckDbEngine engine = DuckDbEngine.open(EngineSpec.DEFAULT, null);
  private final EngineSession session = engine.session();

  @Override
  public QueryResult query(String sql) {
    return session.query(sql);
  }

  @Override
  public long execute(String sql) {
    return session.execute(sql);
  }

  @Override
  public void close() {
    session.close();
    engine.close();
  }
}
