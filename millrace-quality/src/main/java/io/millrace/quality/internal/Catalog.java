package io.millrace.quality.internal;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Every supported expectation type: its kind, the kwargs it accepts and how it compiles.
 * {@code expect_table_row_count_to_equal_other_table} is not here (it needs a second relation).
 */
public final class Catalog {
  /** What an expectation describes; decides common kwargs and whether rows can be quarantined. */
  public enum Kind { COLUMN_MAP, PAIR_MAP, MULTI_MAP, COLUMN_AGGREGATE, TABLE }

  /** One expectation type. */
  public record Def(String type, Kind kind, Set<String> kwargs, Function<BindContext, Check> compiler) {}

  private static final Set<String> COMMON = Set.of("result_format", "catch_exceptions", "include_config",
      "meta", "row_condition", "condition_parser", "notes", "id", "description");
  private static final Map<String, Def> DEFS = new LinkedHashMap<>();

  static {
    // column map
    map("expect_column_values_to_not_be_null", MapExpectations::notNull);
    map("expect_column_values_to_be_null", MapExpectations::beNull);
    map("expect_column_values_to_be_between", MapExpectations::between, "min_value", "max_value",
        "strict_min", "strict_max", "parse_strings_as_datetimes", "allow_cross_type_comparisons", "output_strftime_format");
    map("expect_column_values_to_be_in_set", c -> MapExpectations.inSet(c, false), "value_set",
        "parse_strings_as_datetimes");
    map("expect_column_values_to_not_be_in_set", c -> MapExpectations.inSet(c, true), "value_set",
        "parse_strings_as_datetimes");
    map("expect_column_values_to_be_unique", MapExpectations::unique);
    map("expect_column_values_to_be_increasing", c -> MapExpectations.monotonic(c, true), "strictly",
        "parse_strings_as_datetimes");
    map("expect_column_values_to_be_decreasing", c -> MapExpectations.monotonic(c, false), "strictly",
        "parse_strings_as_datetimes");
    map("expect_column_value_lengths_to_be_between", MapExpectations::lengthsBetween, "min_value", "max_value",
        "strict_min", "strict_max");
    map("expect_column_value_lengths_to_equal", MapExpectations::lengthsEqual, "value");
    map("expect_column_values_to_match_regex", c -> MapExpectations.regex(c, false), "regex");
    map("expect_column_values_to_not_match_regex", c -> MapExpectations.regex(c, true), "regex");
    map("expect_column_values_to_match_regex_list", c -> MapExpectations.regexList(c, false), "regex_list",
        "match_on");
    map("expect_column_values_to_not_match_regex_list", c -> MapExpectations.regexList(c, true), "regex_list",
        "match_on");
    map("expect_column_values_to_match_like_pattern", c -> MapExpectations.like(c, false), "like_pattern");
    map("expect_column_values_to_not_match_like_pattern", c -> MapExpectations.like(c, true), "like_pattern");
    map("expect_column_values_to_match_like_pattern_list", c -> MapExpectations.likeList(c, false),
        "like_pattern_list", "match_on");
    map("expect_column_values_to_not_match_like_pattern_list", c -> MapExpectations.likeList(c, true),
        "like_pattern_list", "match_on");
    map("expect_column_values_to_be_json_parseable", MapExpectations::jsonParseable);
    map("expect_column_values_to_match_json_schema", MapExpectations::jsonSchema, "json_schema");
    map("expect_column_values_to_match_strftime_format", MapExpectations::strftime, "strftime_format");
    map("expect_column_values_to_be_dateutil_parseable", MapExpectations::dateutil);
    map("expect_column_value_z_scores_to_be_less_than", MapExpectations::zScores, "threshold", "double_sided");
    map("expect_column_values_to_be_of_type", c -> MapExpectations.ofType(c, false), "type_");
    map("expect_column_values_to_be_in_type_list", c -> MapExpectations.ofType(c, true), "type_list");
    // column pair and multicolumn
    def("expect_column_pair_values_to_be_equal", Kind.PAIR_MAP, MapExpectations::pairEqual);
    def("expect_column_pair_values_a_to_be_greater_than_b", Kind.PAIR_MAP, MapExpectations::pairGreater,
        "or_equal", "parse_strings_as_datetimes", "allow_cross_type_comparisons");
    def("expect_column_pair_values_to_be_in_set", Kind.PAIR_MAP, MapExpectations::pairInSet, "value_pairs_set");
    def("expect_multicolumn_sum_to_equal", Kind.MULTI_MAP, MapExpectations::multicolumnSum, "sum_total");
    def("expect_select_column_values_to_be_unique_within_record", Kind.MULTI_MAP,
        MapExpectations::uniqueWithinRecord);
    def("expect_compound_columns_to_be_unique", Kind.MULTI_MAP, MapExpectations::compoundUnique);
    // column aggregate
    agg("expect_column_min_to_be_between", c -> AggregateExpectations.simple(c, "min({x})", "min",
        CostClass.CHEAP, false), "min_value", "max_value", "strict_min", "strict_max", "parse_strings_as_datetimes",
        "output_strftime_format");
    agg("expect_column_max_to_be_between", c -> AggregateExpectations.simple(c, "max({x})", "max",
        CostClass.CHEAP, false), "min_value", "max_value", "strict_min", "strict_max", "parse_strings_as_datetimes",
        "output_strftime_format");
    agg("expect_column_mean_to_be_between", c -> AggregateExpectations.simple(c, "avg({x})", "mean",
        CostClass.CHEAP, true), "min_value", "max_value", "strict_min", "strict_max");
    agg("expect_column_sum_to_be_between", c -> AggregateExpectations.simple(c, "sum({x})", "sum",
        CostClass.CHEAP, true), "min_value", "max_value", "strict_min", "strict_max");
    agg("expect_column_stdev_to_be_between", c -> AggregateExpectations.simple(c, "stddev_samp({x})", "stddev",
        CostClass.CHEAP, true), "min_value", "max_value", "strict_min", "strict_max");
    agg("expect_column_median_to_be_between", c -> AggregateExpectations.simple(c, "median({x})", "median",
        CostClass.QUANTILE, true), "min_value", "max_value", "strict_min", "strict_max");
    agg("expect_column_unique_value_count_to_be_between", c -> AggregateExpectations.uniqueCount(c, false),
        "min_value", "max_value", "strict_min", "strict_max");
    agg("expect_column_proportion_of_unique_values_to_be_between",
        c -> AggregateExpectations.uniqueCount(c, true), "min_value", "max_value", "strict_min", "strict_max");
    agg("expect_column_quantile_values_to_be_between", AggregateExpectations::quantiles, "quantile_ranges",
        "allow_relative_error");
    agg("expect_column_most_common_value_to_be_in_set", AggregateExpectations::mostCommon, "value_set",
        "ties_okay");
    agg("expect_column_distinct_values_to_be_in_set", c -> AggregateExpectations.distinctSet(c, "in"),
        "value_set", "parse_strings_as_datetimes");
    agg("expect_column_distinct_values_to_contain_set", c -> AggregateExpectations.distinctSet(c, "contain"),
        "value_set", "parse_strings_as_datetimes");
    agg("expect_column_distinct_values_to_equal_set", c -> AggregateExpectations.distinctSet(c, "equal"),
        "value_set", "parse_strings_as_datetimes");
    // distributional (statistics in Java over bounded reads; see each class)
    agg("expect_column_kl_divergence_to_be_less_than", KlDivergence::compile, "partition_object", "threshold",
        "internal_weight_holdout", "tail_weight_holdout", "bucketize_data", "min_value", "max_value");
    agg("expect_column_chisquare_test_p_value_to_be_greater_than", ChiSquareExpectation::compile,
        "partition_object", "p", "tail_weight_holdout");
    agg("expect_column_parameterized_distribution_ks_test_p_value_to_be_greater_than",
        KsExpectations::parameterized, "distribution", "p_value", "params");
    agg("expect_column_bootstrapped_ks_test_p_value_to_be_greater_than", KsExpectations::bootstrapped,
        "partition_object", "p", "bootstrap_samples", "bootstrap_sample_size");
    def("expect_column_pair_cramers_phi_value_to_be_less_than", Kind.TABLE, CramersPhi::compile, "column_A",
        "column_B", "bins_A", "bins_B", "n_bins_A", "n_bins_B", "threshold");
    // table
    def("expect_table_row_count_to_be_between", Kind.TABLE, TableExpectations::rowCountBetween,
        "min_value", "max_value", "strict_min", "strict_max");
    def("expect_table_row_count_to_equal", Kind.TABLE, TableExpectations::rowCountEqual, "value");
    def("expect_table_column_count_to_be_between", Kind.TABLE, TableExpectations::columnCountBetween,
        "min_value", "max_value", "strict_min", "strict_max");
    def("expect_table_column_count_to_equal", Kind.TABLE, TableExpectations::columnCountEqual, "value");
    def("expect_table_columns_to_match_ordered_list", Kind.TABLE, TableExpectations::orderedList, "column_list");
    def("expect_table_columns_to_match_set", Kind.TABLE, TableExpectations::matchSet, "column_set",
        "exact_match");
    def("expect_column_to_exist", Kind.TABLE, TableExpectations::columnExists, "column", "column_index");
    def("unexpected_rows_expectation", Kind.TABLE, TableExpectations::unexpectedRows, "unexpected_rows_query");
    // metric anomalies (Millrace)
    Set<String> anomalyKwargs = Set.of("method", "alpha", "k", "min_history", "history_limit", "max_increase",
        "max_decrease", "min_value", "max_value");
    def("expect_table_row_count_to_not_be_anomalous", Kind.TABLE,
        c -> TableExpectations.anomaly(c, "row_count"), anomalyKwargs.toArray(String[]::new));
    Set<String> metricKwargs = new LinkedHashSet<>(anomalyKwargs);
    metricKwargs.add("metric");
    metricKwargs.add("column");
    def("expect_metric_to_not_be_anomalous", Kind.TABLE, c -> TableExpectations.anomaly(c, null),
        metricKwargs.toArray(String[]::new));
  }

  private Catalog() {}

  private static void map(String type, Function<BindContext, Check> f, String... kwargs) {
    def(type, Kind.COLUMN_MAP, f, kwargs);
  }

  private static void agg(String type, Function<BindContext, Check> f, String... kwargs) {
    def(type, Kind.COLUMN_AGGREGATE, f, kwargs);
  }

  private static void def(String type, Kind kind, Function<BindContext, Check> f, String... kwargs) {
    Set<String> all = new LinkedHashSet<>(COMMON);
    all.addAll(List.of(kwargs));
    switch (kind) {
      case COLUMN_MAP -> {
        all.add("column");
        all.add("mostly");
      }
      case PAIR_MAP -> all.addAll(List.of("column_A", "column_B", "ignore_row_if", "mostly"));
      case MULTI_MAP -> all.addAll(List.of("column_list", "ignore_row_if", "mostly"));
      case COLUMN_AGGREGATE -> all.add("column");
      default -> { }
    }
    DEFS.put(type, new Def(type, kind, Set.copyOf(all), f));
  }

  /** The definition of a type, or null. */
  public static Def find(String type) {
    return DEFS.get(type);
  }

  /** All supported type names, in catalog order. */
  public static Set<String> types() {
    return DEFS.keySet();
  }

  /** The known name closest to {@code s} (edit distance), for "did you mean" hints. */
  public static String closest(String s, Iterable<String> names) {
    return io.millrace.api.Suggestions.nearest(s, names);
  }

  static Comparator<String> byName() {
    return Comparator.naturalOrder();
  }
}
