package io.millrace.quality.internal;

import java.util.Locale;
import java.util.Set;

/**
 * Maps Great Expectations type names — pandas/numpy ({@code int64, float, str, object, bool,
 * datetime64}), SQL dialects ({@code INTEGER, DOUBLE_PRECISION, TEXT, VARCHAR, TIMESTAMP}) and Spark
 * ({@code IntegerType, StringType}) — onto the engine's column types.
 */
final class TypeNames {
  private static final Set<String> INTS = Set.of("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT",
      "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", "UHUGEINT");
  private static final Set<String> FLOATS = Set.of("DOUBLE", "FLOAT", "REAL", "DECIMAL");
  private static final Set<String> STRINGS = Set.of("VARCHAR");
  private static final Set<String> TIMESTAMPS = Set.of("TIMESTAMP", "TIMESTAMP WITH TIME ZONE",
      "TIMESTAMP_S", "TIMESTAMP_MS", "TIMESTAMP_NS");

  private TypeNames() {}

  static boolean matches(String geName, String engineBase) {
    String n = geName.trim();
    String lower = n.toLowerCase(Locale.ROOT);
    String e = engineBase.toUpperCase(Locale.ROOT);
    Set<String> family = switch (lower) {
      case "int", "int8", "int16", "int32", "int64", "integer", "bigint", "smallint", "tinyint", "long",
           "integertype", "longtype", "shorttype", "bytetype", "int_", "uint8", "uint16", "uint32", "uint64",
           "number", "int64dtype" -> INTS;
      case "float", "float16", "float32", "float64", "double", "double_precision", "double precision", "real",
           "floattype", "doubletype", "float_", "numeric", "decimal", "decimaltype", "float64dtype" -> FLOATS;
      case "str", "string", "text", "varchar", "char", "stringtype", "object", "object_", "o", "str_",
           "unicode", "nvarchar", "character varying" -> STRINGS;
      case "bool", "boolean", "bool_", "booleantype", "bit" -> Set.of("BOOLEAN");
      case "datetime64", "datetime64[ns]", "timestamp", "datetime", "timestamptype", "timestamp_ntz",
           "datetime.datetime" -> TIMESTAMPS;
      case "date", "datetype", "datetime.date" -> Set.of("DATE");
      case "time" -> Set.of("TIME");
      case "blob", "bytes", "binary", "binarytype", "bytea" -> Set.of("BLOB");
      default -> Set.of(n.toUpperCase(Locale.ROOT));
    };
    return family.contains(e) || n.equalsIgnoreCase(e);
  }

  /** The observed type in the vocabulary of the requested name (pandas names for pandas requests). */
  static String observedName(String requested, String engineBase, String engineType) {
    String lower = requested.toLowerCase(Locale.ROOT);
    boolean pandas = Set.of("object", "object_", "o", "datetime64", "int", "int64", "float", "float64", "str",
        "bool", "string").contains(lower);
    if (!pandas) {
      return engineType;
    }
    if (STRINGS.contains(engineBase)) {
      return "object_";
    }
    if (TIMESTAMPS.contains(engineBase)) {
      return "datetime64";
    }
    if (INTS.contains(engineBase)) {
      return "int64";
    }
    if (FLOATS.contains(engineBase)) {
      return "float64";
    }
    if (engineBase.equals("BOOLEAN")) {
      return "bool";
    }
    return engineType;
  }
}
