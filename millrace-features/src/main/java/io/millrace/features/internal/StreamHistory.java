package io.millrace.features.internal;

import io.millrace.api.MillraceException;
import io.millrace.api.TableSchema;
import io.millrace.api.spi.EngineSession;
import io.millrace.api.spi.SnapshotInfo;
import io.millrace.api.spi.Warehouse;
import io.millrace.api.stream.StreamJobSpec;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * A stream job's feature history as a table: the {@code <job>_features} rows of every snapshot the
 * warehouse keeps. The lake sink upserts one row per entity per commit, so each snapshot holds each
 * entity's features as of its {@code _event_time}; the union of the snapshots' data files is the
 * history at commit granularity, back to the oldest snapshot kept ({@code warehouse_retention}).
 * Files shared by several snapshots are read once; rows repeated across files are equal and
 * collapse in the point-in-time join's (entity, event time) deduplication.
 */
public final class StreamHistory {
  private StreamHistory() {}

  /** Registers the history as {@code name}; returns the quoted name. */
  public static String register(EngineSession session, Warehouse warehouse, StreamJobSpec job, String name) {
    String table = job.featuresTable();
    if (warehouse == null || !warehouse.exists(table)) {
      throw MillraceException.user("Cannot read the features of stream job '%s': table %s does not exist yet "
          + "(run `millrace stream` for the job first)", job.name(), table);
    }
    Set<Path> files = new LinkedHashSet<>();
    for (SnapshotInfo s : warehouse.snapshots(table)) {
      files.addAll(warehouse.files(table, s.snapshotId()));
    }
    TableSchema schema = warehouse.schema(table).orElseThrow();
    Map<String, Integer> ids = warehouse.fieldIds(table, schema);
    session.registerTable(name, schema, java.util.List.copyOf(files), ids);
    return name;
  }
}
