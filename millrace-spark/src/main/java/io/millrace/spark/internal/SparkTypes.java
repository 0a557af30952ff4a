package io.millrace.spark.internal;

import io.millrace.api.Column;
import io.millrace.api.LogicalType;
import io.millrace.api.MillraceException;
import io.millrace.api.TableSchema;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.CharType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.NullType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;
import org.apache.spark.sql.types.VarcharType;

/**
 * Spark types to Millrace's {@link LogicalType}s and back: TIMESTAMP is Spark's TIMESTAMP_NTZ (as
 * DuckDB's TIMESTAMP: no time zone), TIMESTAMPTZ Spark's TIMESTAMP (an instant).
 */
public final class SparkTypes {
  /** The metadata key Spark reads and writes as a Parquet field id. */
  public static final String FIELD_ID = "parquet.field.id";

  private SparkTypes() {}

  public static TableSchema schema(StructType struct) {
    List<Column> columns = new ArrayList<>();
    Map<String, String> lower = new HashMap<>();
    for (StructField f : struct.fields()) {
      String earlier = lower.putIfAbsent(f.name().toLowerCase(Locale.ROOT), f.name());
      if (earlier != null) {
        throw MillraceException.user("its result has two columns named %s; give each output column its own "
            + "name (column names are case-insensitive)",
            earlier.equals(f.name()) ? "'" + f.name() + "'" : "'" + earlier + "' and '" + f.name() + "'");
      }
      columns.add(column(f.name(), f.dataType()));
    }
    return new TableSchema(columns);
  }

  public static Column column(String name, DataType t) {
    if (t instanceof DecimalType d) {
      return Column.decimal(name, Math.max(1, d.precision()), d.scale());
    }
    return new Column(name, logical(name, t));
  }

  public static LogicalType logical(String column, DataType t) {
    if (t instanceof BooleanType) return LogicalType.BOOLEAN;
    if (t instanceof ByteType || t instanceof ShortType || t instanceof IntegerType) return LogicalType.INTEGER;
    if (t instanceof LongType) return LogicalType.BIGINT;
    if (t instanceof FloatType || t instanceof DoubleType) return LogicalType.DOUBLE;
    if (t instanceof DecimalType) return LogicalType.DECIMAL;
    if (t instanceof StringType || t instanceof VarcharType || t instanceof CharType || t instanceof NullType) {
      return LogicalType.VARCHAR;
    }
    if (t instanceof DateType) return LogicalType.DATE;
    if (t instanceof TimestampNTZType) return LogicalType.TIMESTAMP;
    if (t instanceof TimestampType) return LogicalType.TIMESTAMPTZ;
    if (t instanceof BinaryType) return LogicalType.BLOB;
    if (t.typeName().equals("time") || t.typeName().startsWith("time(")) return LogicalType.TIME;
    throw MillraceException.user("Cannot store column '%s' of type %s: %s (cast it to one of BOOLEAN, INTEGER, BIGINT, "
        + "DOUBLE, DECIMAL(p,s), STRING, DATE, TIMESTAMP, BINARY)", column, t.sql(),
        t.typeName().matches("array|map|struct") ? "nested types are not supported yet" : "unsupported type");
  }

  /** The Spark type a column of logical type {@code c} is written as. */
  public static DataType spark(Column c) {
    switch (c.type()) {
      case BOOLEAN: return DataTypes.BooleanType;
      case INTEGER: return DataTypes.IntegerType;
      case BIGINT: return DataTypes.LongType;
      case DOUBLE: return DataTypes.DoubleType;
      case DECIMAL: return DataTypes.createDecimalType(c.precision(), c.scale());
      case VARCHAR: return DataTypes.StringType;
      case DATE: return DataTypes.DateType;
      case TIMESTAMP: return DataTypes.TimestampNTZType;
      case TIMESTAMPTZ: return DataTypes.TimestampType;
      case BLOB: return DataTypes.BinaryType;
      default:
        throw MillraceException.user("Cannot use column '%s' of type %s on the Spark engine: not supported yet",
            c.name(), c.typeName());
    }
  }

  /** The Spark SQL type name, for casts in SQL text. */
  public static String sql(Column c) {
    return spark(c).sql();
  }

  /** A Spark schema of {@code schema}, each field carrying its Iceberg field id when {@code fieldIds} has one. */
  public static StructType struct(TableSchema schema, Map<String, Integer> fieldIds) {
    List<StructField> fields = new ArrayList<>();
    for (Column c : schema.columns()) {
      MetadataBuilder m = new MetadataBuilder();
      Integer id = fieldIds == null ? null : fieldIds.get(c.name());
      if (id != null) {
        m.putLong(FIELD_ID, id);
      }
      fields.add(new StructField(c.name(), spark(c), true, m.build()));
    }
    return new StructType(fields.toArray(StructField[]::new));
  }

  /** A value as JDBC drivers return it ({@link io.millrace.api.spi.QueryResult}'s contract). */
  public static Object jdbcValue(Object v) {
    if (v instanceof Byte b) return b.intValue();
    if (v instanceof Short s) return s.intValue();
    if (v instanceof Float f) return f.doubleValue();
    if (v instanceof Instant i) return i.atOffset(ZoneOffset.UTC);
    if (v instanceof java.sql.Date d) return d.toLocalDate();
    if (v instanceof java.sql.Timestamp t) return t.toLocalDateTime();
    if (v instanceof scala.math.BigDecimal b) return b.bigDecimal();
    if (v instanceof BigDecimal b) return b;
    return v;
  }
}
