package io.millrace.core.pipeline.internal;

import io.millrace.api.Column;
import io.millrace.api.LogicalType;
import io.millrace.api.MillraceException;
import io.millrace.api.TableSchema;
import io.millrace.api.spi.CommitRequest;
import io.millrace.api.spi.EngineSession;
import io.millrace.api.spi.SnapshotInfo;
import io.millrace.core.exec.AttemptContext;
import io.millrace.core.plan.PlanNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Materializes a query into a warehouse table: stage a Parquet file, run the node's checks on it,
 * then either refuse (blocking failure), split it into kept and quarantined rows, merge it with
 * the current rows, and commit. Every file written and not committed is deleted when the writer
 * finishes, so a failed, blocked or cancelled attempt leaves the previous snapshot current and no
 * stray file behind. One instance per attempt; not thread-safe.
 */
final class TableWriter implements AutoCloseable {
  enum Mode { OVERWRITE, APPEND, MERGE }

  private record Staged(Path file, long rows) { }

  private static final System.Logger LOG = System.getLogger(TableWriter.class.getName());

  private final RunContext run;
  private final EngineSession session;
  private final AttemptContext attempt;
  private final List<Path> uncommitted = new ArrayList<>();

  TableWriter(RunContext run, EngineSession session, AttemptContext attempt) {
    this.run = run;
    this.session = session;
    this.attempt = attempt;
  }

  /**
   * Writes {@code query} to the node's table.
   *
   * @param key MERGE only: the unique key columns
   * @throws MillraceException USER when an ERROR check fails, naming the failed expectations
   */
  NodeWork write(PlanNode node, String query, TableSchema schema, Mode mode, List<String> key) {
    String table = node.name();
    Map<String, Integer> ids = run.warehouse.fieldIds(table, schema);
    Staged staged = stage(table, query, schema, ids);   // the caller bound the query: not again
    String relation = Sql.readParquet(staged.file());
    Gate gate = checked(node, relation, schema);
    Split split = gate.quarantines() ? split(table, schema, relation, staged.rows(), gate, ids)
        : new Split(staged, 0);
    Staged out = mode == Mode.MERGE ? merge(table, schema, split.kept(), ids, key) : split.kept();
    CommitRequest.Mode commitMode = mode == Mode.APPEND ? CommitRequest.Mode.APPEND : CommitRequest.Mode.OVERWRITE;
    SnapshotInfo snap = commit(table, schema, out.file(), commitMode, mode == Mode.APPEND ? run.intervalTag : null);
    if (mode != Mode.OVERWRITE) {
      // the rows this run added, for APPEND exports: the committed file itself, or (merge) the
      // fresh rows, kept past this attempt and deleted when the run ends
      boolean scratch = out.file() != split.kept().file();
      if (scratch) {
        uncommitted.remove(split.kept().file());
      }
      run.recordAdded(table, split.kept().file(), scratch);
    }
    // an overwrite leaves exactly the committed file: no need to list the table's files again
    register(table, schema, mode == Mode.OVERWRITE ? List.of(out.file()) : null);
    return new NodeWork(staged.rows(), split.kept().rows(), 0, split.quarantined(), snap.snapshotId(), List.of());
  }

  /**
   * Writes an engine table that is already materialized (a loaded source of {@code rows} rows) to
   * the node's table with OVERWRITE: checks run on it in place, so the rows are written once (kept
   * and quarantined files directly) instead of staged whole and then split.
   */
  NodeWork writeMaterialized(PlanNode node, String relation, TableSchema schema, long rows) {
    String table = node.name();
    Map<String, Integer> ids = run.warehouse.fieldIds(table, schema);
    Gate gate = checked(node, relation, schema);
    Split split = gate.quarantines() ? split(table, schema, relation, rows, gate, ids)
        : new Split(stage(table, "SELECT * FROM " + relation, schema, ids), 0);
    SnapshotInfo snap = commit(table, schema, split.kept().file(), CommitRequest.Mode.OVERWRITE, null);
    // Downstream reads the committed rows from the engine's memory (scanning an in-memory table is
    // several times faster than the Parquet file): the kept rows, cast exactly as they were written.
    String filter = gate.quarantines() ? " WHERE " + valid(gate) : "";
    session.registerView(table, "SELECT " + Sql.castColumns(schema) + " FROM " + relation + filter);
    return new NodeWork(rows, split.kept().rows(), 0, split.quarantined(), snap.snapshotId(), List.of());
  }

  private record Split(Staged kept, long quarantined) { }

  /** Runs the node's checks on {@code relation}; a blocking failure ends the attempt. */
  private Gate checked(PlanNode node, String relation, TableSchema schema) {
    Gate gate = QualityGate.run(run, session, node, relation, schema);
    if (gate.blocking() != null) {
      throw MillraceException.user("Cannot commit table '%s': %s", node.name(), gate.blocking());
    }
    return gate;
  }

  /**
   * Stages the rows of {@code relation} passing the quarantining expectations and appends the
   * others to the quarantine table; every one of the {@code rows} rows lands in exactly one.
   */
  private Split split(String table, TableSchema schema, String relation, long rows, Gate gate,
                      Map<String, Integer> ids) {
    Staged kept = stage(table, "SELECT * FROM " + relation + " WHERE " + valid(gate), schema, ids);
    long quarantined = quarantine(table, schema, relation, gate);
    if (kept.rows() + quarantined != rows) {
      throw MillraceException.internal(null, "Cannot split table '%s': %d rows in, %d kept + %d quarantined",
          table, rows, kept.rows(), quarantined);
    }
    return new Split(kept, quarantined);
  }

  /** Writes {@code query} to one new file of {@code table} and commits it; for side tables. */
  SnapshotInfo append(String table, TableSchema schema, String query, String tag) {
    Staged staged = stage(table, query, run.warehouse.fieldIds(table, schema));
    return commit(table, schema, staged.file(), CommitRequest.Mode.APPEND, tag);
  }

  private long quarantine(String table, TableSchema schema, String relation, Gate gate) {
    String qtable = table + "__quarantine";
    List<Column> cols = new ArrayList<>(schema.columns());
    cols.add(new Column("failed_expectations", LogicalType.VARCHAR));
    cols.add(new Column("run_id", LogicalType.VARCHAR));
    TableSchema qschema = new TableSchema(cols);
    Staged bad = stage(qtable, "SELECT *, CAST(" + gate.failedExpectationsSql() + " AS VARCHAR) AS failed_expectations, "
        + Sql.literal(run.runId) + " AS run_id FROM " + relation
        + " WHERE NOT " + valid(gate), run.warehouse.fieldIds(qtable, qschema));
    if (bad.rows() > 0) {
      // Tagged so a retried attempt or a re-run interval replaces its quarantined rows.
      commit(qtable, qschema, bad.file(), CommitRequest.Mode.APPEND, run.appendTag());
    }
    return bad.rows();
  }

  /** Rows where the predicate is NULL count as invalid, so every row lands in exactly one file. */
  private static String valid(Gate gate) {
    return "COALESCE((" + gate.validRowPredicate() + "), false)";
  }

  /**
   * Copy-on-write merge: the new rows, plus the current rows whose key is not among them. Columns
   * the current table lacks read as NULL. {@code NOT EXISTS} rather than {@code NOT IN} so a NULL
   * key does not drop every current row.
   */
  private Staged merge(String table, TableSchema schema, Staged fresh, Map<String, Integer> ids, List<String> key) {
    for (String k : key) {
      if (schema.column(k).isEmpty()) {
        throw MillraceException.user("Cannot merge into table '%s': unique_key column '%s' is not in the "
            + "model's output %s", table, k, schema.names());
      }
    }
    rejectDuplicateKeys(table, fresh, key);
    if (!run.warehouse.exists(table)) {
      return fresh;
    }
    List<Path> current = run.warehouse.files(table);
    TableSchema currentSchema = run.warehouse.schema(table).orElse(null);
    if (current.isEmpty() || currentSchema == null) {
      return fresh;
    }
    String old = "__merge_" + table;
    session.registerTable(old, currentSchema, current, run.warehouse.fieldIds(table, currentSchema));
    try {
      List<String> oldCols = new ArrayList<>();
      for (String c : schema.names()) {
        oldCols.add(currentSchema.column(c).isPresent() ? "o." + Sql.ident(c) : "NULL AS " + Sql.ident(c));
      }
      List<String> match = new ArrayList<>();
      for (String k : key) {
        match.add("n." + Sql.ident(k) + " IS NOT DISTINCT FROM o." + Sql.ident(k));  // a NULL key is a key too
      }
      String sql = "SELECT " + Sql.columns(schema.names()) + " FROM " + Sql.readParquet(fresh.file())
          + " UNION ALL SELECT " + String.join(", ", oldCols) + " FROM " + Sql.ident(old) + " o"
          + " WHERE NOT EXISTS (SELECT 1 FROM " + Sql.readParquet(fresh.file()) + " n WHERE "
          + String.join(" AND ", match) + ")";
      return stage(table, sql, ids);
    } finally {
      session.drop(old);
    }
  }

  /**
   * A merge is an upsert by key: new rows that share a key (NULL counting as a value) would make the
   * result depend on row order, so they are refused, naming one such key.
   */
  private void rejectDuplicateKeys(String table, Staged fresh, List<String> key) {
    var dup = session.query("SELECT " + Sql.columns(key) + ", count(*) AS __n FROM " + Sql.readParquet(fresh.file())
        + " GROUP BY ALL HAVING count(*) > 1 LIMIT 1");
    if (!dup.rows().isEmpty()) {
      List<Object> row = dup.rows().get(0);
      throw MillraceException.user("Cannot merge into table '%s': unique_key %s is not unique in the model's "
          + "output (%s appears %s times)", table, key, row.subList(0, key.size()), row.get(key.size()));
    }
  }

  private Staged stage(String table, String query, Map<String, Integer> ids) {
    return stage(table, query, null, ids);
  }

  /** @param schema the query's schema when known (bound before), else null */
  private Staged stage(String table, String query, TableSchema schema, Map<String, Integer> ids) {
    attempt.checkCancelled();
    Path file = run.warehouse.newDataFile(table);
    uncommitted.add(file);
    long rows = run.engineWork(attempt.task(), PhaseTimes.WRITE,
        () -> schema == null ? session.writeParquet(query, file, ids) : session.writeParquet(query, schema, file, ids));
    return new Staged(file, rows);
  }

  private SnapshotInfo commit(String table, TableSchema schema, Path file, CommitRequest.Mode mode, String tag) {
    attempt.checkCancelled();  // a cancelled or timed-out attempt must not publish
    SnapshotInfo snap = run.times.time(PhaseTimes.COMMIT, () -> run.warehouse.commit(
        new CommitRequest(table, schema, List.of(file), mode, tag, run.commitProperties())));
    uncommitted.remove(file);
    return snap;
  }

  /** @param files the table's files when known, else null (listed from the warehouse) */
  private void register(String table, TableSchema schema, List<Path> files) {
    TableSchema current = run.warehouse.schema(table).orElse(schema);
    session.registerTable(table, current, files != null ? files : run.warehouse.files(table),
        run.warehouse.fieldIds(table, current));
  }

  /** Deletes the files that were staged but not committed. */
  @Override
  public void close() {
    for (Path p : uncommitted) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException e) {
        // Not fatal: an uncommitted file is invisible to readers. Reported, not hidden.
        LOG.log(System.Logger.Level.WARNING, "Cannot delete staged file " + p + ": " + e.getMessage(), e);
      }
    }
    uncommitted.clear();
  }
}
