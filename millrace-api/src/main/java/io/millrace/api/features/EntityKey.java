package io.millrace.api.features;

import java.util.List;
import java.util.Objects;

/**
 * The values of one entity's key columns, in the order of its view's {@code entities}. Values are Java
 * values as read from the engine: Long, Double, BigDecimal, String, Boolean.
 */
public record EntityKey(List<Object> values) {
  public EntityKey {
    Objects.requireNonNull(values, "values");
    values = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(values));
  }

  public static EntityKey of(Object... values) {
    return new EntityKey(java.util.Arrays.asList(values));
  }
}
