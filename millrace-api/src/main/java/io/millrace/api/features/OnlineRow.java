package io.millrace.api.features;

import java.time.Instant;
import java.util.Map;

/**
 * The latest feature values of one view for one entity, as kept in the online store.
 *
 * @param key the entity's key values
 * @param eventTime the source row's event timestamp (decides freshness against the view's ttl)
 * @param values feature name to value (null allowed)
 */
public record OnlineRow(EntityKey key, Instant eventTime, Map<String, Object> values) {}
