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
}
