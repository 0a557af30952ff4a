package io.millrace.core.pipeline.internal;

import io.millrace.api.Column;
import io.millrace.api.LogicalType;
import io.millrace.api.TableSchema;
import io.millrace.api.spi.EngineSession;
import io.millrace.api.spi.Reject;
import java.util.List;
import java.util.StringJoiner;

/**
 * Appends a source's rejected lines to {@code <source>__rejects} (run_id, file, line, column,
 * reason, original), tagged by run or interval so a retry does not duplicate them. Rejects are
 * evidence: they are recorded even when the source then fails its checks.
 */
final class RejectWriter {
  static final TableSchema SCHEMA = new TableSchema(List.of(
      new Column("run_id", LogicalType.VARCHAR), new Column("file", LogicalType.VARCHAR),
      new Column("line", LogicalType.BIGINT), new Column("column", LogicalType.VARCHAR),
      new Column("reason", LogicalType.VARCHAR), new Column("original", LogicalType.VARCHAR)));
  private static final int BATCH = 500;

  private RejectWriter() {}

  static void write(RunContext run, EngineSession session, TableWriter writer, String source, List<Reject> rejects) {
    String name = "__rejects_" + source;
    String temp = Sql.ident(name);
    session.execute("CREATE OR REPLACE TEMP TABLE " + temp + " (run_id VARCHAR, file VARCHAR, line BIGINT, "
        + "\"column\" VARCHAR, reason VARCHAR, original VARCHAR)");
    try {
      if (!session.appendRows(name, rows(run, rejects))) {
        insert(run, session, temp, rejects);
      }
      writer.append(source + "__rejects", SCHEMA, "SELECT * FROM " + temp, run.appendTag());
    } finally {
      session.execute("DROP TABLE IF EXISTS " + temp);
    }
  }

  private static List<List<Object>> rows(RunContext run, List<Reject> rejects) {
    List<List<Object>> rows = new java.util.ArrayList<>(rejects.size());
    for (Reject r : rejects) {
      rows.add(java.util.Arrays.asList(run.runId, r.file(), r.line(), r.column(), r.reason(), r.original()));
    }
    return rows;
  }

  /** For engines without a bulk path: {@code INSERT} statements of {@value #BATCH} literal rows. */
  private static void insert(RunContext run, EngineSession session, String temp, List<Reject> rejects) {
    for (int from = 0; from < rejects.size(); from += BATCH) {
      StringJoiner values = new StringJoiner(", ", "INSERT INTO " + temp + " VALUES ", "");
      for (Reject r : rejects.subList(from, Math.min(rejects.size(), from + BATCH))) {
        values.add("(" + Sql.literal(run.runId) + ", " + Sql.literal(r.file()) + ", " + r.line() + ", "
            + Sql.literal(r.column()) + ", " + Sql.literal(r.reason()) + ", " + Sql.literal(r.original()) + ")");
      }
      session.execute(values.toString());
    }
  }
}
