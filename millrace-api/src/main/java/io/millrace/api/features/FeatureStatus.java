package io.millrace.api.features;

/** Feast's per-value status in an online response. */
public enum FeatureStatus {
  PRESENT, NOT_FOUND, OUTSIDE_MAX_AGE
}
