package io.millrace.features.predict.internal;

import io.millrace.api.Column;
import io.millrace.api.LogicalType;
import io.millrace.api.MillraceException;
import io.millrace.api.SqlText;
import io.millrace.api.TableSchema;
import io.millrace.api.predict.PredictorSpec;
import io.millrace.api.predict.Task;
import io.millrace.api.spi.EngineSession;
import io.millrace.api.spi.QueryResult;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Reads a written training set into a {@link Matrix} ordered by the split column (ties in file order),
 * leaving out rows whose label is NULL (counted), and finds the time-based split point.
 */
public final class TrainingRows {
  static final Set<LogicalType> NUMERIC = Set.of(LogicalType.BOOLEAN, LogicalType.INTEGER, LogicalType.BIGINT,
      LogicalType.DOUBLE, LogicalType.DECIMAL);

  /**
   * @param rows labelled rows, ordered by the split column
   * @param times the split column's value of each row, as text
   * @param trainRows rows before the split point; the rest are held out
   * @param withoutLabel rows left out for a NULL label
   * @param positiveLabel {@code true} or {@code 1} (classification), else null
   */
  public record Read(Matrix rows, List<String> times, int trainRows, long withoutLabel, String positiveLabel) {
    public Matrix train() {
      return rows.slice(0, trainRows);
    }

    public Matrix test() {
      return rows.slice(trainRows, rows.n());
    }

    public String cutoff() {
      return times.get(trainRows);
    }
  }

  private TrainingRows() {}

  /** The features' columns and types in the training set, refusing those a model cannot take. */
  public static List<Column> featureColumns(PredictorSpec spec, TableSchema schema, int features) {
    List<Column> cols = schema.columns().subList(schema.columns().size() - features, schema.columns().size());
    for (Column c : cols) {
      if (!NUMERIC.contains(c.type())) {
        throw MillraceException.user("Cannot train predictor '%s' (%s): feature '%s' is %s; predictors take numeric "
            + "and boolean features only (categories are not one-hot encoded: derive numeric features in the feature "
            + "view, e.g. {is_us: \"country = 'US'\"})", spec.name(), spec.location(), c.name(), c.type());
      }
    }
    return cols;
  }

  public static Read read(PredictorSpec spec, EngineSession session, Path file, TableSchema schema, List<Column> features) {
    String label = spec.label();
    String by = spec.splitColumn();
    Column labelCol = find(spec, schema, label, "label");
    find(spec, schema, by, "split column");
    if (!NUMERIC.contains(labelCol.type())) {
      throw MillraceException.user("Cannot train predictor '%s' (%s): label '%s' is %s; %s", spec.name(), spec.location(),
          label, labelCol.type(), spec.task() == Task.CLASSIFICATION ? "a binary label is 0/1 or false/true"
              : "a regression label is a number");
    }
    // ties on the split column keep file order: DuckDB's file_row_number, Spark's row index in the file
    boolean spark = session.dialect().equals("spark");
    String path = "'" + file.toAbsolutePath().toString().replace("'", "''") + "'";
    String src = spark ? "read_parquet(" + path + ")" : "read_parquet(" + path + ", file_row_number = true)";
    String rowNumber = spark ? "_metadata.row_index" : "file_row_number";
    StringBuilder sql = new StringBuilder("SELECT CAST(").append(SqlText.ident(by)).append(" AS VARCHAR), ")
        .append(SqlText.ident(label));
    features.forEach(c -> sql.append(", ").append(SqlText.ident(c.name())));
    Object missing = session.query("SELECT count(*) FROM " + src + " WHERE " + SqlText.ident(label) + " IS NULL").scalar();
    Object noTime = session.query("SELECT count(*) FROM " + src + " WHERE " + SqlText.ident(label) + " IS NOT NULL AND "
        + SqlText.ident(by) + " IS NULL").scalar();
    if (((Number) noTime).longValue() > 0) {
      throw MillraceException.user("Cannot train predictor '%s' (%s): %s labelled row(s) have no %s to split by",
          spec.name(), spec.location(), noTime, by);
    }
    sql.append(" FROM ").append(src).append(" WHERE ").append(SqlText.ident(label)).append(" IS NOT NULL ORDER BY ")
        .append(SqlText.ident(by)).append(", ").append(rowNumber);
    QueryResult q = session.query(sql.toString());
    int n = q.rows().size();
    int f = features.size();
    float[] x = new float[n * f];
    double[] y = new double[n];
    String[] times = new String[n];
    String positive = spec.task() == Task.CLASSIFICATION ? (labelCol.type() == LogicalType.BOOLEAN ? "true" : "1") : null;
    for (int i = 0; i < n; i++) {
      List<Object> r = q.rows().get(i);
      times[i] = (String) r.get(0);
      y[i] = labelValue(spec, r.get(1));
      for (int j = 0; j < f; j++) {
        x[i * f + j] = Scorer.number(features.get(j).name(), r.get(2 + j));
      }
    }
    int train = splitPoint(spec, times);
    return new Read(new Matrix(x, y, n, f), List.of(times), train, ((Number) missing).longValue(), positive);
  }

  /** First index of the held-out part: the latest test_fraction of rows, moved back so equal times stay together. */
  static int splitPoint(PredictorSpec spec, String[] times) {
    int n = times.length;
    int k = n - (int) Math.round(n * spec.split().testFraction());
    while (k > 0 && k < n && times[k].equals(times[k - 1])) {
      k--;
    }
    if (k <= 0 || k >= n) {
      throw MillraceException.user("Cannot train predictor '%s' (%s): %d labelled row(s) cannot be split by %s into a "
          + "training and a held-out part (too few rows, or all at one time)", spec.name(), spec.location(), n,
          spec.splitColumn());
    }
    return k;
  }

  private static double labelValue(PredictorSpec spec, Object v) {
    double d = v instanceof Boolean b ? (b ? 1 : 0) : v instanceof BigDecimal bd ? bd.doubleValue() : ((Number) v).doubleValue();
    if (spec.task() == Task.CLASSIFICATION && d != 0 && d != 1) {
      throw MillraceException.user("Cannot train predictor '%s' (%s): label '%s' holds %s; a binary label is 0/1 or "
          + "false/true (multi-class is not supported)", spec.name(), spec.location(), spec.label(), v);
    }
    return d;
  }

  private static Column find(PredictorSpec spec, TableSchema schema, String name, String what) {
    return schema.columns().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow(() ->
        MillraceException.user("Cannot train predictor '%s' (%s): %s '%s' is not a column of the training set "
            + "(columns: %s)", spec.name(), spec.location(), what, name, String.join(", ", schema.names())));
  }
}
