package io.millrace.features.internal;

import io.millrace.api.Column;
import io.millrace.api.LogicalType;
import io.millrace.api.Suggestions;
import io.millrace.api.TableSchema;
import io.millrace.api.features.FeatureViewSpec;
import io.millrace.api.stream.StreamJobSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The columns a feature view's source offers: a project table's, or a stream job's features table's. */
public final class SourceColumns {
  private SourceColumns() {}

  /** Empty when the source is neither a known table nor a stream job with features. */
  public static Optional<TableSchema> of(FeatureViewSpec v, Map<String, StreamJobSpec> streams,
                                         Map<String, TableSchema> tables) {
    Optional<String> job = v.streamJob();
    if (job.isPresent()) {
      StreamJobSpec j = streams.get(job.get());
      return j == null || j.features() == null ? Optional.empty() : Optional.of(streamColumns(j));
    }
    return tables.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(v.source()))
        .map(Map.Entry::getValue).findFirst();
  }

  /** Why {@link #of} found nothing, with the closest name. */
  public static String unknownSource(FeatureViewSpec v, Map<String, StreamJobSpec> streams,
                                     Map<String, TableSchema> tables) {
    Optional<String> job = v.streamJob();
    if (job.isPresent()) {
      StreamJobSpec j = streams.get(job.get());
      List<String> withFeatures = streams.values().stream().filter(s -> s.features() != null).map(StreamJobSpec::name)
          .toList();
      return j == null ? String.format("source '%s' names no stream job of the project%s", v.source(),
          hint(job.get(), withFeatures, "stream jobs with features"))
          : String.format("stream job '%s' declares no features", j.name());
    }
    return String.format("source '%s' is not a table or model of the project%s", v.source(),
        hint(v.source(), tables.keySet(), "tables"));
  }

  /** A stream job's {@code <job>_features} columns: the key, every feature, {@code _event_time}. */
  static TableSchema streamColumns(StreamJobSpec j) {
    List<Column> cols = new ArrayList<>();
    cols.add(new Column(j.key(), j.field(j.key()).orElseThrow().type()));
    // feature types are the stream engine's to infer; names are what a plan checks
    j.features().names().forEach(n -> cols.add(new Column(n, LogicalType.DOUBLE)));
    cols.add(new Column(FeatureViewSpec.STREAM_TIMESTAMP, LogicalType.TIMESTAMPTZ));
    return new TableSchema(cols);
  }

  /** A column by name, case-insensitive as in SQL. */
  public static Optional<Column> find(TableSchema schema, String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return schema.columns().stream().filter(c -> c.name().toLowerCase(Locale.ROOT).equals(lower)).findFirst();
  }

  private static String hint(String name, java.util.Collection<String> known, String what) {
    if (known.isEmpty()) {
      return " (the project has no " + what + ")";
    }
    return Suggestions.closest(name, known).map(s -> "; did you mean '" + s + "'?")
        .orElse(" (" + what + ": " + String.join(", ", known) + ")");
  }
}
