package io.millrace.lake.internal;

import io.millrace.api.Column;
import io.millrace.api.LogicalType;
import io.millrace.api.MillraceException;
import io.millrace.api.TableSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/** Maps Millrace's logical types to Iceberg primitive types and back. Every column is optional. */
public final class SchemaMapping {
  private SchemaMapping() {}

  public static Type toIceberg(Column column) {
    return column.type() == LogicalType.DECIMAL
        ? Types.DecimalType.of(column.precision(), column.scale())
        : toIceberg(column.type());
  }

  public static Type toIceberg(LogicalType type) {
    return switch (type) {
      case DECIMAL -> Types.DecimalType.of(Column.DEFAULT_PRECISION, Column.DEFAULT_SCALE);
      case BOOLEAN -> Types.BooleanType.get();
      case INTEGER -> Types.IntegerType.get();
      case BIGINT -> Types.LongType.get();
      case DOUBLE -> Types.DoubleType.get();
      case VARCHAR -> Types.StringType.get();
      case DATE -> Types.DateType.get();
      case TIMESTAMP -> Types.TimestampType.withoutZone();
      case TIMESTAMPTZ -> Types.TimestampType.withZone();
      case TIME -> Types.TimeType.get();
      case BLOB -> Types.BinaryType.get();
    };
  }

  /**
   * The logical type of an Iceberg column.
   *
   * @throws MillraceException USER when the table (written by another tool) uses a type Millrace
   *     does not support, naming the table and column
   */
  public static Column toColumn(String table, Types.NestedField field) {
    if (field.type() instanceof Types.DecimalType d) {
      return Column.decimal(field.name(), d.precision(), d.scale());
    }
    return new Column(field.name(), toLogical(table, field));
  }

  public static LogicalType toLogical(String table, Types.NestedField field) {
    Type type = field.type();
    switch (type.typeId()) {
      case BOOLEAN: return LogicalType.BOOLEAN;
      case INTEGER: return LogicalType.INTEGER;
      case LONG: return LogicalType.BIGINT;
      case DOUBLE: return LogicalType.DOUBLE;
      case DECIMAL: return LogicalType.DECIMAL;
      case STRING: return LogicalType.VARCHAR;
      case DATE: return LogicalType.DATE;
      case TIMESTAMP:
        return ((Types.TimestampType) type).shouldAdjustToUTC() ? LogicalType.TIMESTAMPTZ : LogicalType.TIMESTAMP;
      case TIME: return LogicalType.TIME;
      case BINARY: return LogicalType.BLOB;
      default:
        throw MillraceException.user("Cannot read schema of table '%s': column '%s' has Iceberg type %s, "
            + "which Millrace does not support", table, field.name(), type);
    }
  }

  /** An Iceberg schema with the given ids (every column of {@code schema} must have one). */
  public static Schema toIceberg(TableSchema schema, Map<String, Integer> ids) {
    List<Types.NestedField> fields = new ArrayList<>();
    for (Column c : schema.columns()) {
      fields.add(Types.NestedField.optional(ids.get(c.name()), c.name(), toIceberg(c)));
    }
    return new Schema(fields);
  }

  public static TableSchema toLogical(String table, Schema schema) {
    List<Column> columns = new ArrayList<>();
    for (Types.NestedField f : schema.columns()) {
      columns.add(toColumn(table, f));
    }
    return new TableSchema(columns);
  }
}
