package io.millrace.spark.internal;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.millrace.api.Column;
import io.millrace.api.LogicalType;
import io.millrace.api.MillraceException;
import io.millrace.api.TableSchema;
import io.millrace.api.project.SourceFormat;
import io.millrace.api.project.SourceSpec;
import io.millrace.api.spi.Reject;
import io.millrace.api.spi.SourceLoad;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Reads sources into shared tables. CSV and JSON lines are read as numbered text lines (so every
 * reject carries its line), split into text fields ({@code from_csv} / {@code from_json}) and cast
 * with {@code try_cast}: a non-empty field that does not cast rejects its line (the first such column
 * names the reason), the other lines are the table. The rows are materialized once as Parquet in the
 * engine's scratch folder, so later reads neither parse nor cast again. Parquet is read as stored;
 * JDBC through Spark's JDBC reader, materialized the same way.
 */
final class SourceLoader {
  private final SparkEngineSession session;
  private final SparkSession spark;

  SourceLoader(SparkEngineSession session) {
    this.session = session;
    this.spark = session.spark();
  }

  SourceLoad load(SourceSpec source, String table) {
    switch (source.format()) {
      case CSV: case JSONL: return text(source, table);
      case PARQUET: return parquet(source, table);
      case JDBC: return jdbc(source, table);
      default: throw MillraceException.user("Cannot read source '%s': format %s is not supported on Spark", source.name(), source.format());
    }
  }

  TableSchema describe(SourceSpec source) {
    if (!source.columns().isEmpty() && source.format() != SourceFormat.PARQUET && source.format() != SourceFormat.JDBC) {
      return new TableSchema(source.columns());
    }
    switch (source.format()) {
      case CSV: case JSONL: return new TableSchema(textColumns(source, existing(source)));
      case PARQUET: {
        Path path = existing(source);
        TableSchema stored = SparkTypes.schema(spark.read().parquet(path.toString()).schema());
        return declaredOver(source, path, stored);
      }
      default: {
        String scratch = "__describe_" + source.name();
        try {
          return load(source, scratch).schema();
        } finally {
          session.drop(scratch);
        }
      }
    }
  }

  // ---- CSV and JSON lines

  private SourceLoad text(SourceSpec source, String table) {
    Path path = existing(source);
    boolean csv = source.format() == SourceFormat.CSV;
    List<String> fileColumns = csv ? csvHeader(source, path) : null;
    List<Column> columns = textColumns(source, path);
    try {
      Dataset<Row> lines = numberedLines(path);
      boolean header = csv && source.header();
      lines = lines.filter(col("__line").gt(header ? 1 : 0).and(functions.trim(col("__text")).notEqual("")));
      // every field as text, by its position in the file (CSV) or its key (JSON)
      List<String> names = csv ? fileColumns : columns.stream().map(Column::name).toList();
      StructType textSchema = new StructType(names.stream()
          .map(n -> new StructField(n, DataTypes.StringType, true, org.apache.spark.sql.types.Metadata.empty()))
          .toArray(StructField[]::new)).add("__corrupt", DataTypes.StringType, true);
      Map<String, String> options = new HashMap<>();
      options.put("columnNameOfCorruptRecord", "__corrupt");
      org.apache.spark.sql.Column parsed;
      if (csv) {
        options.put("sep", source.delimiter());
        options.put("mode", "PERMISSIVE");
        parsed = functions.from_csv(col("__text"), lit(textSchema.toDDL()), options);
      } else {
        options.put("mode", "PERMISSIVE");
        parsed = functions.from_json(col("__text"), textSchema, options);
      }
      Dataset<Row> fields = lines.select(col("__line"), col("__text"), parsed.as("__f"));
      List<org.apache.spark.sql.Column> out = new ArrayList<>();
      org.apache.spark.sql.Column reason = functions.when(col("__f").isNull().or(col("__f").getField("__corrupt").isNotNull()),
          lit(csv ? "MALFORMED CSV: the line cannot be split into fields" : "MALFORMED JSON: the line is not a JSON object"))
          .otherwise(lit(null).cast("string"));
      org.apache.spark.sql.Column badColumn = lit(null).cast("string");
      for (int i = columns.size() - 1; i >= 0; i--) {
        Column c = columns.get(i);
        org.apache.spark.sql.Column raw = col("__f").getField(c.name());
        org.apache.spark.sql.Column typed = cast(raw, c);
        org.apache.spark.sql.Column bad = raw.isNotNull().and(functions.trim(raw).notEqual("")).and(typed.isNull());
        reason = functions.when(bad, functions.concat(lit("CAST: cannot convert '"), raw, lit("' to " + c.typeName()
            + " in column '" + c.name() + "'"))).otherwise(reason);
        badColumn = functions.when(bad, lit(c.name())).otherwise(badColumn);
      }
      for (Column c : columns) {
        out.add(cast(col("__f").getField(c.name()), c).as(c.name()));
      }
      out.add(reason.as("__reason"));
      out.add(badColumn.as("__column"));
      out.add(col("__line"));
      out.add(col("__text"));
      Dataset<Row> typed = fields.select(out.toArray(org.apache.spark.sql.Column[]::new)).persist();
      try {
        List<Reject> rejects = new ArrayList<>();
        for (Row r : typed.filter(col("__reason").isNotNull()).select("__line", "__column", "__reason", "__text")
            .orderBy("__line").collectAsList()) {
          rejects.add(new Reject(path.toString(), r.getLong(0), r.isNullAt(1) ? null : r.getString(1), r.getString(2), r.getString(3)));
        }
        Dataset<Row> good = typed.filter(col("__reason").isNull()).orderBy("__line")
            .select(columns.stream().map(c -> col(SparkEngineSession.ident(c.name()))).toArray(org.apache.spark.sql.Column[]::new));
        return materialize(source, table, good, rejects);
      } finally {
        typed.unpersist();
      }
    } catch (MillraceException e) {
      throw e;
    } catch (Exception e) {
      throw error(source, path, "%s", Errors.of(e, "read it").getMessage());
    }
  }

  private static org.apache.spark.sql.Column cast(org.apache.spark.sql.Column raw, Column c) {
    if (c.type() == LogicalType.VARCHAR) {
      return raw;
    }
    org.apache.spark.sql.Column v = functions.trim(raw);
    if (c.type() == LogicalType.BOOLEAN) {
      return v.try_cast(DataTypes.BooleanType);
    }
    return v.try_cast(SparkTypes.spark(c));
  }

  /** Lines of the file with their 1-based numbers (one partition per file keeps file order). */
  private Dataset<Row> numberedLines(Path path) {
    JavaRDD<Row> rows = spark.read().text(path.toString()).javaRDD().zipWithIndex()
        .map(t -> RowFactory.create(t._2() + 1, t._1().getString(0)));
    StructType schema = new StructType()
        .add("__line", DataTypes.LongType, false)
        .add("__text", DataTypes.StringType, true);
    return spark.createDataFrame(rows, schema);
  }

  /** The declared columns, else every column of the file with types Spark infers. */
  private List<Column> textColumns(SourceSpec source, Path path) {
    if (!source.columns().isEmpty()) {
      if (source.format() == SourceFormat.CSV && source.header()) {
        List<String> header = csvHeader(source, path);
        for (Column c : source.columns()) {
          if (header.stream().noneMatch(h -> h.equalsIgnoreCase(c.name()))) {
            throw error(source, path, "column '%s' is missing from the header (found: %s)", c.name(), String.join(", ", header));
          }
        }
      }
      return source.columns();
    }
    try {
      StructType inferred = source.format() == SourceFormat.CSV
          ? spark.read().option("header", source.header()).option("sep", source.delimiter()).option("inferSchema", true)
              .csv(path.toString()).schema()
          : spark.read().option("mode", "DROPMALFORMED").json(path.toString()).schema();
      List<Column> out = new ArrayList<>();
      for (StructField f : inferred.fields()) {
        if (!f.name().equals("_corrupt_record")) {
          out.add(SparkTypes.column(f.name(), f.dataType()));
        }
      }
      if (out.isEmpty()) {
        throw error(source, path, "nothing can be parsed (no columns found)");
      }
      return out;
    } catch (MillraceException e) {
      throw e;
    } catch (Exception e) {
      throw error(source, path, "%s", Errors.of(e, "read it").getMessage());
    }
  }

  /** Column names of a CSV file: its header, else column0, column1, ... as DuckDB names them. */
  private static List<String> csvHeader(SourceSpec source, Path path) {
    String first;
    try (BufferedReader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      first = r.readLine();
    } catch (IOException e) {
      throw error(source, path, "%s", e.getMessage());
    }
    if (first == null) {
      throw error(source, path, "the file is empty (no columns and no rows)");
    }
    if (first.startsWith("\uFEFF")) {
      first = first.substring(1);
    }
    String[] parts = first.split(java.util.regex.Pattern.quote(source.delimiter()), -1);
    List<String> names = new ArrayList<>();
    for (int i = 0; i < parts.length; i++) {
      String p = parts[i].strip();
      if (p.length() >= 2 && p.startsWith("\"") && p.endsWith("\"")) {
        p = p.substring(1, p.length() - 1).replace("\"\"", "\"");
      }
      names.add(source.header() ? p : "column" + i);
    }
    if (!source.header() && !source.columns().isEmpty()) {
      for (int i = 0; i < Math.min(names.size(), source.columns().size()); i++) {
        names.set(i, source.columns().get(i).name());
      }
    }
    return names;
  }

  // ---- Parquet and JDBC

  private SourceLoad parquet(SourceSpec source, String table) {
    Path path = existing(source);
    try {
      TableSchema stored = SparkTypes.schema(spark.read().parquet(path.toString()).schema());
      TableSchema schema = declaredOver(source, path, stored);
      String p = path.toString();
      session.defineShared(table, s -> ParquetOut.typed(s.read().parquet(p), schema, null));
      long rows = spark.read().parquet(p).count();
      return new SourceLoad(table, schema, rows, List.of());
    } catch (MillraceException e) {
      throw e;
    } catch (Exception e) {
      throw error(source, path, "%s", Errors.of(e, "read it").getMessage());
    }
  }

  /** The stored columns with the declared ones' types; a declared column the file lacks is an error. */
  private static TableSchema declaredOver(SourceSpec source, Path path, TableSchema stored) {
    List<Column> out = new ArrayList<>();
    for (Column c : source.columns()) {
      if (stored.column(c.name()).isEmpty()) {
        throw error(source, path, "column '%s' is missing from the file (found: %s)", c.name(), String.join(", ", stored.names()));
      }
    }
    for (Column s : stored.columns()) {
      out.add(source.columns().stream().filter(c -> c.name().equals(s.name())).findFirst().orElse(s));
    }
    return new TableSchema(out);
  }

  private SourceLoad jdbc(SourceSpec source, String table) {
    String where = "source '" + source.name() + "'";
    try {
      Dataset<Row> ds = spark.read().jdbc(source.url(), "(" + source.query() + ") AS millrace_q", new Properties());
      TableSchema stored = SparkTypes.schema(ds.schema());
      List<Column> cols = new ArrayList<>();
      for (Column s : stored.columns()) {
        cols.add(source.columns().stream().filter(c -> c.name().equals(s.name())).findFirst().orElse(s));
      }
      return materialize(source, table, ParquetOut.typed(ds, new TableSchema(cols), null), List.of());
    } catch (MillraceException e) {
      throw e;
    } catch (Exception e) {
      throw MillraceException.external(e, "Cannot read %s over JDBC: %s", where, Errors.of(e, "read it").getMessage());
    }
  }

  /** Writes the rows once to the scratch folder and shares them as {@code table}. */
  private SourceLoad materialize(SourceSpec source, String table, Dataset<Row> rows, List<Reject> rejects) {
    Path dir = session.engine().scratch().resolve("sources").resolve(table + "-" + UUID.randomUUID());
    rows.write().mode(SaveMode.Overwrite).parquet(dir.toString());
    String d = dir.toString();
    TableSchema schema = SparkTypes.schema(rows.schema());
    session.defineShared(table, s -> s.read().parquet(d));
    long count = spark.read().parquet(d).count();
    return new SourceLoad(table, schema, count, rejects);
  }

  private static Path existing(SourceSpec source) {
    Path path = source.path();
    if (path == null) {
      throw MillraceException.user("Cannot read source '%s': no path given for format %s", source.name(), source.format());
    }
    if (!Files.isRegularFile(path)) {
      throw MillraceException.user("Cannot read source '%s' from %s: file not found", source.name(), path.toAbsolutePath());
    }
    return path.toAbsolutePath();
  }

  private static MillraceException error(SourceSpec source, Path path, String reason, Object... args) {
    return MillraceException.user("Cannot read source '%s' from %s: %s", source.name(), path, String.format(reason, args));
  }
}
