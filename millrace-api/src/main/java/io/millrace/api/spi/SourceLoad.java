package io.millrace.api.spi;

import io.millrace.api.TableSchema;
import java.util.List;

/**
 * A source read into an engine-session table.
 *
 * @param table the session table holding the rows
 * @param schema its columns
 * @param rows rows loaded
 * @param rejects lines that could not be read (never silently dropped)
 */
public record SourceLoad(String table, TableSchema schema, long rows, List<Reject> rejects) {
  public SourceLoad {
    rejects = List.copyOf(rejects);
  }
}
