package io.millrace.quality.profile;

import io.millrace.quality.profile.internal.ColumnKind;
import java.util.List;
import java.util.Objects;

/**
 * Statistics of one column.
 *
 * <p>Entropy is Shannon's {@code H = -sum p log2 p} over the distinct non-null values, {@code p}
 * being a value's share of the non-null rows (0 for a column with at most one distinct value).
 *
 * <p>Information gain (only when profiled with a target column) is
 * {@code IG = H(target) - sum_v |S_v|/|S| H(target | S_v)} over all rows: this column's nulls form
 * one group {@code S_null}, and the target's nulls count as one target value, so both terms use the
 * same rows and {@code 0 <= IG <= H(target)}. The gain ratio divides IG by the split information,
 * the entropy of this column over all rows with nulls as one value; it corrects IG's upward bias
 * for near-unique columns (each distinct value is its own group, so IG approaches H(target)).
 *
 * @param name column name
 * @param type the engine's type name, e.g. {@code BIGINT}, {@code DECIMAL(10,2)}
 * @param nullCount rows where the column is null
 * @param nullFraction nullCount / rows (0 for an empty relation)
 * @param distinctCount distinct non-null values
 * @param entropy bits per non-null value, see above
 * @param informationGain bits; null without a target column and for the target itself
 * @param informationGainRatio IG / split information; null when IG is null or the split
 *     information is 0 (a constant column)
 * @param min smallest non-null value (Long, Double, Boolean or text, as {@link ValueCount#value()});
 *     null when all values are null or the type is not ordered (BLOB, nested types)
 * @param max largest non-null value, as {@code min}
 * @param mean average of a numeric column; null otherwise or when all values are null
 * @param topValues most frequent non-null values, by count descending then value
 * @param valueSet every distinct non-null value, sorted by count descending then value, when there
 *     are at most {@link ProfileOptions#valueSetMax()}; null otherwise
 * @param advice storage advice implied by cardinality and entropy, e.g. {@code dictionary encoding}
 * @param notes caveats about the figures (e.g. IG bias); possibly empty
 */
public record ColumnProfile(String name, String type, long nullCount, double nullFraction, long distinctCount,
                            double entropy, Double informationGain, Double informationGainRatio,
                            Object min, Object max, Double mean, List<ValueCount> topValues,
                            List<ValueCount> valueSet, String advice, List<String> notes) {
  public ColumnProfile {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(advice, "advice");
    topValues = List.copyOf(topValues);
    valueSet = valueSet == null ? null : List.copyOf(valueSet);
    notes = List.copyOf(notes);
  }

  /** True when the column's type is numeric (it has a mean, and between-bounds make sense). */
  public boolean numeric() {
    return ColumnKind.of(type).numeric();
  }
}
