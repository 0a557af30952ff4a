package io.millrace.features.predict.internal;

import io.millrace.api.spi.EngineSession;
import io.millrace.api.spi.TableInfo;
import io.millrace.api.spi.Warehouse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Registers warehouse tables in a session at given snapshots (or their current one), and says which. */
public final class Pins {
  private Pins() {}

  /**
   * @param tables table names to read
   * @param pinned snapshot ids to read instead of the current one (retraining a version)
   * @return each table with the snapshot registered; a table not in the warehouse gets a null id
   *     (a table of the session itself, left as it is)
   */
  public static List<Manifest.TableRead> register(EngineSession session, Warehouse warehouse, List<String> tables,
                                                  Map<String, Long> pinned) {
    List<Manifest.TableRead> out = new ArrayList<>();
    for (String t : tables) {
      if (warehouse == null || !warehouse.exists(t)) {
        out.add(new Manifest.TableRead(t, null));
        continue;
      }
      Long id = pinned.get(t);
      if (id == null) {
        id = warehouse.tables().stream().filter(i -> i.name().equals(t)).map(TableInfo::snapshotId).findFirst().orElse(0L);
      }
      if (id != 0) {
        session.registerTable(t, warehouse.schema(t, id), warehouse.files(t, id), warehouse.fieldIds(t, id));
      }
      out.add(new Manifest.TableRead(t, id));
    }
    return out;
  }

  /**
   * Copies an entity table into a session table, in its row order, and returns the copy's name. The
   * point-in-time join over a warehouse table registered as a view of Parquet files ran ~15x slower
   * than over a loaded table (100k entity rows: minutes instead of seconds), so entity rows are read once.
   */
  public static String entityCopy(EngineSession session, String table) {
    String copy = "__mr_entity_rows";
    try {
      session.describe("SELECT * FROM " + io.millrace.api.SqlText.ident(table));
    } catch (io.millrace.api.MillraceException e) {
      throw io.millrace.api.MillraceException.user("Cannot read entity rows from table '%s': no such table (run the "
          + "project first, or pass a file)", table);
    }
    session.execute("CREATE OR REPLACE TABLE " + copy + " AS SELECT * FROM " + io.millrace.api.SqlText.ident(table));
    return copy;
  }
}
