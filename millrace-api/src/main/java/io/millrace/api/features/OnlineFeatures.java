package io.millrace.api.features;

/**
 * Serves a project's feature views from its online store: the lookup behind {@code POST /get-online-features}.
 * Unknown features or services, missing entity columns and wrongly typed keys are user errors naming the fault.
 */
public interface OnlineFeatures {
  OnlineResponse get(OnlineRequest request);
}
