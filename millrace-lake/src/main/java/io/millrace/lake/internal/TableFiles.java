package io.millrace.lake.internal;

import io.millrace.api.MillraceException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.TableScan;
import org.apache.iceberg.io.CloseableIterable;

/** The data files of a table scan as local paths inside the warehouse, each checked to exist. */
public final class TableFiles {
  private TableFiles() {}

  /**
   * @throws MillraceException USER when a file the snapshot lists is missing: reading on would
   *     silently drop its rows
   */
  public static List<Path> list(LocalCatalog catalog, String table, TableScan scan) {
    List<Path> files = new ArrayList<>();
    try (CloseableIterable<FileScanTask> tasks = scan.planWith(TableCommit.SAME_THREAD).planFiles()) {
      for (FileScanTask task : tasks) {
        Path file = catalog.paths().resolve(task.file().location());
        if (!Files.isRegularFile(file)) {
          throw MillraceException.user("Cannot read table '%s': its data file %s is missing (deleted outside "
              + "Millrace?); drop the table with `millrace tables PROJECT --drop %s` and run the project again "
              + "to rebuild it", table, file, table);
        }
        files.add(file);
      }
    } catch (IOException e) {
      throw MillraceException.external(e, "Cannot list data files of table '%s': %s", table, e.getMessage());
    }
    return files;
  }
}
