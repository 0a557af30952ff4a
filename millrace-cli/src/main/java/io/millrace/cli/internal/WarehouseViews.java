package io.millrace.cli.internal;

import io.millrace.api.MillraceException;
import io.millrace.api.spi.EngineSession;
import io.millrace.api.spi.SnapshotInfo;
import io.millrace.api.spi.TableInfo;
import io.millrace.api.spi.Warehouse;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/** Makes warehouse tables queryable by name in an engine session, at their current or a past snapshot. */
public final class WarehouseViews {
  private WarehouseViews() {}

  /**
   * Registers every warehouse table.
   *
   * @return tables that did not exist yet at {@code asOf} (so are not registered)
   * @param asOf null for current snapshots; a snapshot id (applies to the table that has it) or an
   *     ISO date/timestamp (applies to every table: the snapshot current at that time)
   */
  public static List<String> register(EngineSession session, Warehouse warehouse, String asOf) {
    List<String> absent = new java.util.ArrayList<>();
    List<TableInfo> tables = warehouse.tables();
    Long snapshotId = asOf == null ? null : parseLong(asOf);
    Instant time = asOf == null || snapshotId != null ? null : parseTime(asOf);
    boolean matched = false;
    for (TableInfo t : tables) {
      Long id;
      if (snapshotId != null && hasSnapshot(warehouse, t.name(), snapshotId)) {
        id = snapshotId;
        matched = true;
      } else if (time != null) {
        Optional<Long> at = warehouse.snapshotAsOf(t.name(), time);
        if (at.isEmpty()) {
          absent.add(t.name()); // the table did not exist yet
          continue;
        }
        id = at.get();
      } else {
        id = null;
      }
      if (id == null) {
        var schema = warehouse.schema(t.name()).orElseThrow();
        session.registerTable(t.name(), schema, warehouse.files(t.name()), warehouse.fieldIds(t.name(), schema));
      } else {
        // the snapshot's own schema and ids: its columns as they were then (dropped ones back, new ones absent)
        session.registerTable(t.name(), warehouse.schema(t.name(), id), warehouse.files(t.name(), id),
            warehouse.fieldIds(t.name(), id));
      }
    }
    if (snapshotId != null && !matched) {
      throw MillraceException.user("Cannot query as of snapshot %d: no table has it (see `millrace tables`)", snapshotId);
    }
    return absent;
  }

  private static boolean hasSnapshot(Warehouse warehouse, String table, long id) {
    return warehouse.snapshots(table).stream().mapToLong(SnapshotInfo::snapshotId).anyMatch(s -> s == id);
  }

  private static Long parseLong(String s) {
    try {
      return Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  static Instant parseTime(String s) {
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      try {
        return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException e2) {
        try {
          return LocalDate.parse(s).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e3) {
          throw MillraceException.user("Cannot read --as-of '%s': expected a snapshot id, a date "
              + "(2025-01-31) or a timestamp (2025-01-31T12:00:00Z)", s);
        }
      }
    }
  }
}
