package io.millrace.quality.internal.dialect;

import io.millrace.api.MillraceException;
import io.millrace.api.spi.QueryResult;
import io.millrace.api.spi.SqlRunner;
import java.util.Locale;
import java.util.Map;

/**
 * The SQL dialect the quality engine speaks to an engine in, chosen from {@link SqlRunner#dialect()}.
 *
 * <p>The engine builds every query, predicate and relation in one canonical form, DuckDB's SQL (the
 * grammar the row-expression parser reads and the typed row checks render), and the dialect renders
 * that text for the engine at the boundary: {@link #render} for query text and the predicates handed
 * to callers ({@code CheckOutcome.validRowPredicate}), {@link #describe} for a relation's columns,
 * and a few capability flags where a construct has no counterpart (the bitmap proof of uniqueness).
 * DuckDB renders text unchanged, so its behaviour is exactly the canonical one.
 */
public interface Dialect {
  /** The dialect name, as {@link SqlRunner#dialect()} spells it. */
  String name();

  /** Canonical (DuckDB) SQL text, a whole query or an expression, in this dialect. */
  String render(String canonicalSql);

  /**
   * An expression handed to a caller that embeds it in a statement of its own, written in DuckDB's
   * reference dialect and sent through the same engine ({@code CheckOutcome.validRowPredicate}).
   * DuckDB: the rendered text. Spark: the rendered text enclosed in {@code /* spark{ *\/ ...
   * /* }spark *\/}, which the Spark engine's translation of the caller's statement keeps as it is
   * (translating Spark text again would change its string escapes, e.g. a regular expression's
   * backslashes).
   */
  default String renderFragment(String canonicalSql) {
    return render(canonicalSql);
  }

  /**
   * A whole statement in this dialect, as sent to the engine. Engines that translate DuckDB SQL
   * themselves (the Spark engine) leave a statement alone when it says it is already in their dialect.
   */
  default String renderStatement(String canonicalSql) {
    return render(canonicalSql);
  }

  /**
   * The query listing a relation's columns without scanning data, and how to read its result:
   * column names and types as DuckDB spells them (VARCHAR, INTEGER, TIMESTAMP, DECIMAL(18,3)...).
   *
   * @param relation canonical FROM-able SQL
   */
  Map<String, String> describe(SqlRunner runner, String relation);

  /** Whether {@code bit_count(bitstring_agg(x, min, max))} can prove an integer column unique. */
  boolean hasBitmapAggregate();

  /** A runner sending every query rendered in this dialect. */
  default SqlRunner wrap(SqlRunner runner) {
    if (runner instanceof Rendering r && r.dialect == this) {
      return r;
    }
    return new Rendering(this, runner);
  }

  /** The dialect of an engine: {@code duckdb} (also the default) or {@code spark}. */
  static Dialect of(SqlRunner runner) {
    return of(runner.dialect());
  }

  /**
   * The dialect named {@code name} ({@code null} means duckdb).
   *
   * @throws MillraceException USER for a dialect the quality engine does not speak
   */
  static Dialect of(String name) {
    String n = name == null ? "duckdb" : name.trim().toLowerCase(Locale.ROOT);
    return switch (n) {
      case "duckdb" -> DuckDbDialect.INSTANCE;
      case "spark", "sparksql", "spark-sql" -> SparkDialect.INSTANCE;
      default -> throw MillraceException.user("Cannot validate data on an engine of SQL dialect '%s': the quality"
          + " engine speaks duckdb and spark", name);
    };
  }

  /** A runner rendering canonical SQL in a dialect before running it. */
  final class Rendering implements SqlRunner {
    private final Dialect dialect;
    private final SqlRunner inner;

    Rendering(Dialect dialect, SqlRunner inner) {
      this.dialect = dialect;
      this.inner = inner;
    }

    @Override
    public QueryResult query(String sql) {
      return inner.query(dialect.renderStatement(sql));
    }

    @Override
    public long execute(String sql) {
      return inner.execute(dialect.renderStatement(sql));
    }

    @Override
    public String dialect() {
      return inner.dialect();
    }

    /** The runner that receives the rendered SQL. */
    public SqlRunner inner() {
      return inner;
    }
  }
}
