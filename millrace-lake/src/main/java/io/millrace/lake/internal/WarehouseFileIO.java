package io.millrace.lake.internal;

import io.millrace.api.MillraceException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.apache.iceberg.Files;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.SupportsBulkOperations;

/**
 * Iceberg's file access for a local warehouse: every location goes through {@link WarehousePaths},
 * so metadata written before the project was moved or copied reads (and deletes) this warehouse's
 * files, never another's. Plain java.nio: no Hadoop file system on the read path. Bulk deletes run
 * on the calling thread (otherwise Iceberg hands old metadata files to its polling worker pool after
 * every commit).
 */
public final class WarehouseFileIO implements FileIO, SupportsBulkOperations {
  /** Catalog property: the warehouse folder (absolute). */
  public static final String ROOT = "millrace.warehouse-root";

  private WarehousePaths paths;
  private Map<String, String> properties = Map.of();

  @Override
  public void initialize(Map<String, String> props) {
    this.properties = Map.copyOf(props);
    this.paths = new WarehousePaths(Path.of(props.get(ROOT)));
  }

  @Override
  public Map<String, String> properties() {
    return properties;
  }

  @Override
  public InputFile newInputFile(String location) {
    return Files.localInput(paths.resolve(location).toFile());
  }

  @Override
  public OutputFile newOutputFile(String location) {
    return new LocalOutput(paths.resolve(location).toFile());
  }

  @Override
  public void deleteFiles(Iterable<String> locations) {
    locations.forEach(this::deleteFile);
  }

  @Override
  public void deleteFile(String location) {
    Path file = paths.resolve(location);
    try {
      java.nio.file.Files.deleteIfExists(file);
    } catch (IOException e) {
      throw MillraceException.external(e, "Cannot delete file %s: %s", file, e.getMessage());
    }
  }
}
