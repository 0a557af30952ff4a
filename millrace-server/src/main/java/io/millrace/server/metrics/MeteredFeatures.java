package io.millrace.server.metrics;

import io.millrace.api.features.FeatureRef;
import io.millrace.api.features.FeatureStatus;
import io.millrace.api.features.OnlineFeatures;
import io.millrace.api.features.OnlineRequest;
import io.millrace.api.features.OnlineResponse;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Online feature lookups, measured: each request to the wrapped lookup is timed and its entity rows
 * counted into {@code millrace_feature_lookups_total{view, result}} and
 * {@code millrace_feature_lookup_duration_seconds{view}} ({@link MillraceMetrics#featureLookup}). The
 * {@code view} label is the feature service of a service request, else each feature view the request
 * names; an entity row is {@code found} when at least one of its features is present. Entity keys are
 * never labels. Thread-safe when the wrapped lookup is.
 */
public final class MeteredFeatures implements OnlineFeatures {
  private final OnlineFeatures delegate;
  private final MillraceMetrics metrics;

  public MeteredFeatures(OnlineFeatures delegate, MillraceMetrics metrics) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
  }

  @Override
  public OnlineResponse get(OnlineRequest request) {
    long t0 = System.nanoTime();
    OnlineResponse response = delegate.get(request);
    long nanos = System.nanoTime() - t0;
    Set<String> views = new LinkedHashSet<>();
    if (request.service() != null) {
      views.add(request.service());
    } else {
      request.features().stream().map(FeatureRef::view).forEach(views::add);
    }
    int entityColumns = request.entities().size();
    List<OnlineResponse.Vector> features = response.results().subList(Math.min(entityColumns, response.results().size()),
        response.results().size());
    int rows = response.results().isEmpty() ? 0 : response.results().get(0).values().size();
    for (int row = 0; row < rows; row++) {
      boolean found = false;
      for (OnlineResponse.Vector v : features) {
        if (row < v.statuses().size() && v.statuses().get(row) == FeatureStatus.PRESENT) {
          found = true;
          break;
        }
      }
      for (String view : views) {
        metrics.featureLookup(view, row == 0 ? nanos : -1, found);
      }
    }
    return response;
  }
}
