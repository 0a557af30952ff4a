package io.millrace.spark.internal;

import io.millrace.api.Column;
import io.millrace.api.MillraceException;
import io.millrace.api.TableSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;

/**
 * Writes a result as ONE Parquet file: columns cast to their logical types (as the DuckDB engine
 * writes them), each carrying its Iceberg field id ({@code parquet.field.id} metadata), one partition
 * written to a temporary folder beside the target and its part file moved into place.
 */
final class ParquetOut {
  private final SparkEngineSession session;

  ParquetOut(SparkEngineSession session) {
    this.session = session;
  }

  long write(Dataset<Row> ds, TableSchema schema, Path file, Map<String, Integer> fieldIds) {
    for (Column c : schema.columns()) {
      if (fieldIds != null && !fieldIds.containsKey(c.name())) {
        throw MillraceException.internal(null, "Cannot write Parquet file %s: column '%s' has no field "
            + "id (ids given for %s)", file, c.name(), fieldIds.keySet());
      }
    }
    return single(typed(ds, schema, fieldIds), file, "parquet", Map.of(), "write Parquet file " + file);
  }

  /** {@code ds} with the schema's columns, by name, cast to their types, carrying field ids when given. */
  static Dataset<Row> typed(Dataset<Row> ds, TableSchema schema, Map<String, Integer> fieldIds) {
    org.apache.spark.sql.Column[] cols = new org.apache.spark.sql.Column[schema.columns().size()];
    for (int i = 0; i < cols.length; i++) {
      Column c = schema.columns().get(i);
      Metadata meta = fieldIds == null ? Metadata.empty()
          : new MetadataBuilder().putLong(SparkTypes.FIELD_ID, fieldIds.get(c.name())).build();
      cols[i] = ds.col(SparkEngineSession.ident(c.name())).cast(SparkTypes.spark(c)).as(c.name(), meta);
    }
    return ds.select(cols);
  }

  /** Writes {@code ds} as one file of {@code format} at {@code file}; returns rows written. */
  long single(Dataset<Row> ds, Path file, String format, Map<String, String> options, String what) {
    Path target = file.toAbsolutePath();
    Path tmp = target.resolveSibling("." + target.getFileName() + ".spark-" + UUID.randomUUID());
    try {
      Files.createDirectories(target.getParent());
      session.sync();
      ds.coalesce(1).write().mode(SaveMode.Overwrite).format(format).options(options).save(tmp.toString());
      Path part;
      try (Stream<Path> files = Files.list(tmp)) {
        List<Path> parts = files.filter(p -> p.getFileName().toString().startsWith("part-")).toList();
        if (parts.size() != 1) {
          throw MillraceException.internal(null, "Cannot %s: Spark wrote %d part files, expected 1", what, parts.size());
        }
        part = parts.get(0);
      }
      Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return format.equals("parquet") ? session.spark().read().parquet(target.toString()).count()
          : session.spark().read().format(format).options(options).load(target.toString()).count();
    } catch (IOException e) {
      throw MillraceException.external(e, "Cannot %s: %s", what, e.getMessage());
    } catch (Exception e) {
      throw Errors.of(e, what);
    } finally {
      io.millrace.spark.internal.Files2.deleteQuietly(tmp);
    }
  }
}
