package io.millrace.lake.internal;

import io.millrace.api.MillraceException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Metrics;
import org.apache.iceberg.MetricsConfig;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.parquet.ParquetSchemaUtil;
import org.apache.iceberg.parquet.ParquetUtil;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.LocalInputFile;

/**
 * Turns a Parquet file written by an engine into an Iceberg {@link DataFile} of a table, after
 * checking that its columns carry the table's field ids and types.
 *
 * <p>Why check: Iceberg matches Parquet columns to table columns by field id, and a file without ids
 * (or with stale ones) is read silently wrong. Reading the footer once serves both the check and the
 * column metrics Iceberg uses to prune files.
 */
public final class ParquetDataFiles {
  /** Built once: the default options read Hadoop's XML configuration on every call. */
  private static final ParquetReadOptions READ_OPTIONS =
      ParquetReadOptions.builder(new PlainParquetConfiguration()).build();

  private ParquetDataFiles() {}

  /**
   * @param table the table as staged in the commit's transaction (schema already evolved)
   * @throws MillraceException INTERNAL when the file is missing or its ids or types do not match the
   *     table (the writer broke the {@code fieldIds} contract); EXTERNAL when it cannot be read
   */
  public static DataFile of(Table table, String tableName, Path file) {
    if (!Files.isRegularFile(file)) {
      throw MillraceException.internal(null, "Cannot commit table '%s': data file %s does not exist",
          tableName, file);
    }
    ParquetMetadata footer = footer(tableName, file);
    check(table.schema(), tableName, file, footer);
    Metrics metrics = ParquetUtil.footerMetrics(footer, Stream.empty(), MetricsConfig.forTable(table));
    return DataFiles.builder(table.spec())
        .withPath(file.toAbsolutePath().toString())
        .withFormat(FileFormat.PARQUET)
        .withFileSizeInBytes(size(tableName, file))
        .withMetrics(metrics)
        .withSplitOffsets(ParquetUtil.getSplitOffsets(footer))
        .build();
  }

  private static ParquetMetadata footer(String tableName, Path file) {
    try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file), READ_OPTIONS)) {
      return reader.getFooter();
    } catch (IOException | RuntimeException e) {
      throw MillraceException.external(e, "Cannot commit table '%s': data file %s is not a readable "
          + "Parquet file: %s", tableName, file, e.getMessage());
    }
  }

  private static long size(String tableName, Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw MillraceException.external(e, "Cannot commit table '%s': cannot stat data file %s", tableName, file);
    }
  }

  private static void check(Schema tableSchema, String tableName, Path file, ParquetMetadata footer) {
    org.apache.parquet.schema.MessageType parquet = footer.getFileMetaData().getSchema();
    for (org.apache.parquet.schema.Type column : parquet.getFields()) {
      if (column.getId() == null) {
        throw MillraceException.internal(null, "Cannot commit table '%s': column '%s' of data file %s has "
            + "no Iceberg field id (write files with the ids of Warehouse.fieldIds)", tableName,
            column.getName(), file);
      }
    }
    Schema fileSchema = ParquetSchemaUtil.convert(parquet);
    for (Types.NestedField actual : fileSchema.columns()) {
      Types.NestedField expected = tableSchema.findField(actual.name());
      if (expected == null) {
        throw MillraceException.internal(null, "Cannot commit table '%s': column '%s' of data file %s is "
            + "not in the table's schema %s", tableName, actual.name(), file, names(tableSchema));
      }
      if (expected.fieldId() != actual.fieldId() || !compatible(actual.type(), expected.type())) {
        throw MillraceException.internal(null, "Cannot commit table '%s': column '%s' of data file %s is %s "
            + "with field id %d, but the table has %s with field id %d", tableName, actual.name(), file,
            actual.type(), actual.fieldId(), expected.type(), expected.fieldId());
      }
    }
  }

  /** Exact match, or a file of ints in a column promoted to long (Iceberg reads those widened). */
  private static boolean compatible(Type file, Type table) {
    return file.equals(table)
        || (file.typeId() == Type.TypeID.INTEGER && table.typeId() == Type.TypeID.LONG);
  }

  private static java.util.List<String> names(Schema schema) {
    return schema.columns().stream().map(Types.NestedField::name).toList();
  }
}
