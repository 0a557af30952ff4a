package io.millrace.quality.internal;

import io.millrace.api.Column;
import io.millrace.api.LogicalType;
import io.millrace.api.MillraceException;
import io.millrace.api.TableSchema;
import io.millrace.api.project.CheckSpec.OnFail;
import io.millrace.api.project.CheckSpec.Severity;
import io.millrace.api.spi.MetricHistory;
import io.millrace.quality.ExpectationConfig;
import io.millrace.quality.RecordFailure;
import io.millrace.quality.RecordValidator;
import io.millrace.quality.Suite;
import io.millrace.quality.internal.rowexpr.EvalError;
import io.millrace.quality.internal.rowexpr.Exprs;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The {@link RecordValidator} of a bound suite: its row-level checks, evaluated on one record. */
public final class RecordChecks implements RecordValidator {
  private static final Set<String> NOT_ARGUMENTS = Set.of("column", "column_A", "column_B", "column_list",
      "result_format", "catch_exceptions", "meta", "mostly");

  /** @param failure {@code row.failure()}, built once */
  private record Item(ExpectationConfig config, RowCheck row, String label, String reason,
                      io.millrace.quality.internal.rowexpr.Node failure) {
    Item(ExpectationConfig config, RowCheck row, String label, String reason) {
      this(config, row, label, reason, row.failure());
    }
  }

  private final Map<String, LogicalType> types;
  private final List<Item> items;
  private final List<ExpectationConfig> relationLevel;

  private RecordChecks(Map<String, LogicalType> types, List<Item> items, List<ExpectationConfig> relationLevel) {
    this.types = types;
    this.items = items;
    this.relationLevel = relationLevel;
  }

  public static RecordValidator compile(Suite suite, TableSchema schema) {
    Map<String, String> engine = new LinkedHashMap<>();
    Map<String, LogicalType> types = new LinkedHashMap<>();
    for (Column c : schema.columns()) {
      engine.put(c.name(), c.sql());
      types.put(c.name(), c.type());
    }
    List<BoundExpectation> bound = SuiteBinder.bind(suite, new ColumnTypes(engine), "__record__", null, null,
        MetricHistory.EMPTY, Severity.ERROR, OnFail.FAIL, ResultFormat.SUMMARY);
    List<Item> items = new ArrayList<>();
    List<ExpectationConfig> relation = new ArrayList<>();
    for (BoundExpectation b : bound) {
      if (b.check() instanceof Check.Map_ m && m.row() != null && m.mostly() >= 1.0) {
        items.add(new Item(b.config(), m.row(), m.label(), describe(b.config())));
      } else {
        relation.add(b.config());
      }
    }
    return new RecordChecks(types, List.copyOf(items), List.copyOf(relation));
  }

  private static String describe(ExpectationConfig c) {
    String args = c.kwargs().entrySet().stream().filter(e -> !NOT_ARGUMENTS.contains(e.getKey()))
        .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    return c.type() + (args.isEmpty() ? "" : "(" + args + ")");
  }

  @Override
  public List<ExpectationConfig> relationLevel() {
    return relationLevel;
  }

  private static boolean typed(Iterable<String> columns, Map<String, Object> row, Map<String, ?> record) {
    for (String c : columns) {
      if (!row.containsKey(c) && record.get(c) != null) {
        return false;
      }
    }
    return true;
  }

  @Override
  public List<RecordFailure> check(Map<String, ?> record) {
    Map<String, Object> row = new LinkedHashMap<>();
    List<RecordFailure> out = new ArrayList<>();
    for (Map.Entry<String, LogicalType> t : types.entrySet()) {
      Object raw = record.get(t.getKey());
      if (raw == null) {
        continue;
      }
      Object v = Exprs.canonical(raw, t.getValue());
      if (v == null) {
        out.add(new RecordFailure("column_type", t.getKey(), raw, "value " + raw + " ("
            + raw.getClass().getSimpleName() + ") of column '" + t.getKey() + "' is not a " + t.getValue().sql()));
      } else {
        row.put(t.getKey(), v);
      }
    }
    for (Item i : items) {
      if (!typed(i.row().columns(), row, record)) {
        continue; // a column of it holds a value of the wrong type: reported above
      }
      try {
        if (Boolean.TRUE.equals(i.failure().eval(row))) {
          Object value = value(i, row);
          out.add(new RecordFailure(i.config().type(), i.label(), value, "value " + value + " fails " + i.reason()));
        }
      } catch (MillraceException | EvalError e) {
        out.add(new RecordFailure(i.config().type(), i.label(), value(i, row), "cannot evaluate " + i.reason()
            + ": " + e.getMessage()));
      }
    }
    return out;
  }

  private static Object value(Item i, Map<String, Object> row) {
    List<String> cols = i.row().columns();
    if (cols.size() == 1) {
      return row.get(cols.get(0));
    }
    Map<String, Object> m = new LinkedHashMap<>();
    cols.forEach(c -> m.put(c, row.get(c)));
    return m;
  }
}
