package io.millrace.lake.internal;

import io.millrace.api.Column;
import io.millrace.api.TableSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.UpdateSchema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * How a table's schema evolves to a requested one, by column name, and the field ids that evolution
 * assigns.
 *
 * <p>Design notes: the ids are predicted, not read back, because the engine writes the Parquet files
 * (with these ids) before the commit that evolves the schema. The prediction mirrors Iceberg's
 * {@code SchemaUpdate}: every added column takes {@code lastColumnId + 1}, {@code + 2}, ... in the
 * order {@code addColumn} is called, and deletes consume no id. {@link #apply} therefore adds columns
 * in exactly the order they were predicted. Only int to long is promoted in place (Iceberg's one
 * widening among Millrace's types); any other type change deletes the column and adds a new one, so
 * old files are never reinterpreted with an incompatible type. The commit verifies the result.
 *
 * @param fieldIds the id of every requested column, in the requested order
 * @param deletes columns to delete (dropped or retyped incompatibly)
 * @param adds columns to add (new or retyped), in id order
 * @param promotions columns widened in place (int to long)
 * @param reorder the columns must be moved to follow the requested order
 */
public record SchemaChange(Map<String, Integer> fieldIds, List<String> deletes, List<Column> adds,
                           List<Column> promotions, boolean reorder) {
  public SchemaChange {
    fieldIds = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fieldIds));
    deletes = List.copyOf(deletes);
    adds = List.copyOf(adds);
    promotions = List.copyOf(promotions);
  }

  /** The ids of a new table: 1..n in column order (as Iceberg assigns them on create). */
  public static Map<String, Integer> freshIds(TableSchema schema) {
    Map<String, Integer> ids = new LinkedHashMap<>();
    for (Column c : schema.columns()) {
      ids.put(c.name(), ids.size() + 1);
    }
    return ids;
  }

  /** Plans the evolution of a table's current schema to {@code target}. */
  public static SchemaChange plan(Table table, TableSchema target) {
    int lastColumnId = ((HasTableOperations) table).operations().current().lastColumnId();
    return plan(table.schema(), lastColumnId, target);
  }

  /**
   * Plans the evolution of {@code current} to {@code target}.
   *
   * @param lastColumnId the table metadata's last assigned column id (not the schema's highest id:
   *     ids of deleted columns are never reused)
   */
  public static SchemaChange plan(Schema current, int lastColumnId, TableSchema target) {
    Map<String, Integer> ids = new LinkedHashMap<>();
    List<String> deletes = new ArrayList<>();
    List<Column> adds = new ArrayList<>();
    List<Column> promotions = new ArrayList<>();
    int nextId = lastColumnId;
    for (Column c : target.columns()) {
      Types.NestedField existing = current.findField(c.name());
      Type wanted = SchemaMapping.toIceberg(c);
      if (existing != null && existing.type().equals(wanted)) {
        ids.put(c.name(), existing.fieldId());
      } else if (existing != null && isPromotion(existing.type(), wanted)) {
        ids.put(c.name(), existing.fieldId());
        promotions.add(c);
      } else {
        if (existing != null) {
          deletes.add(c.name());
        }
        ids.put(c.name(), ++nextId);
        adds.add(c);
      }
    }
    Set<String> wantedNames = Set.copyOf(target.names());
    for (Types.NestedField f : current.columns()) {
      if (!wantedNames.contains(f.name())) {
        deletes.add(f.name());
      }
    }
    return new SchemaChange(ids, deletes, adds, promotions, !orderAfterChanges(current, deletes, adds)
        .equals(target.names()));
  }

  private static boolean isPromotion(Type from, Type to) {
    if (from instanceof Types.DecimalType a && to instanceof Types.DecimalType b) {
      // Iceberg allows widening a decimal's precision at the same scale; anything else is a retype.
      return a.scale() == b.scale() && a.precision() < b.precision();
    }
    return from.typeId() == Type.TypeID.INTEGER && to.typeId() == Type.TypeID.LONG;
  }

  /** Column order Iceberg produces without moves: kept columns in place, added ones at the end. */
  private static List<String> orderAfterChanges(Schema current, List<String> deletes, List<Column> adds) {
    List<String> names = current.columns().stream().map(Types.NestedField::name)
        .filter(n -> !deletes.contains(n)).collect(Collectors.toCollection(ArrayList::new));
    adds.forEach(c -> names.add(c.name()));
    return names;
  }

  /** True when the table's schema already is the requested one. */
  public boolean isEmpty() {
    return deletes.isEmpty() && adds.isEmpty() && promotions.isEmpty() && !reorder;
  }

  /** Stages the change on {@code update} (deletes, promotions, adds in id order, then moves). */
  public void apply(UpdateSchema update) {
    deletes.forEach(update::deleteColumn);
    for (Column c : promotions) {
      update.updateColumn(c.name(), SchemaMapping.toIceberg(c).asPrimitiveType());
    }
    for (Column c : adds) {
      // parent null: a top-level column even when its name contains a dot
      update.addColumn(null, c.name(), SchemaMapping.toIceberg(c));
    }
    if (reorder) {
      List<String> order = List.copyOf(fieldIds.keySet());
      update.moveFirst(order.get(0));
      for (int i = 1; i < order.size(); i++) {
        update.moveAfter(order.get(i), order.get(i - 1));
      }
    }
  }

  /**
   * Describes how {@code actual} differs from the requested columns and predicted ids, or returns
   * null when it matches exactly (same names, order, types and ids).
   */
  public static String mismatch(Schema actual, TableSchema target, Map<String, Integer> ids) {
    List<String> actualNames = actual.columns().stream().map(Types.NestedField::name).toList();
    if (!actualNames.equals(target.names())) {
      return "columns are " + actualNames + ", expected " + target.names();
    }
    for (Column c : target.columns()) {
      Types.NestedField f = actual.findField(c.name());
      if (!Objects.equals(f.fieldId(), ids.get(c.name()))
          || !f.type().equals(SchemaMapping.toIceberg(c))) {
        return String.format("column '%s' is %s with id %d, expected %s with id %d", c.name(), f.type(),
            f.fieldId(), SchemaMapping.toIceberg(c), ids.get(c.name()));
      }
    }
    return null;
  }
}
