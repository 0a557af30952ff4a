package io.millrace.api.features;

import java.util.List;
import java.util.Map;

/**
 * Feast's {@code get-online-features} request: features by reference, or a feature service, for entity
 * rows given column-wise ({@code {"user_id": [1, 2, 3]}}).
 *
 * @param features the requested features (empty when a service is named)
 * @param service a feature service's name, or null
 * @param entities entity key column to its values, all lists the same length
 * @param fullFeatureNames name features {@code view__feature} instead of {@code feature}
 */
public record OnlineRequest(List<FeatureRef> features, String service, Map<String, List<Object>> entities,
    boolean fullFeatureNames) {}
