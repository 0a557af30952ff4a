package io.millrace.server.metrics;

/**
 * Online feature lookups of one view (or service) served by this process since it started.
 *
 * @param found entity rows with at least one feature present
 * @param missing entity rows with none
 * @param requests timed lookup requests
 * @param p50Ms median request latency, as the upper bound of its histogram bucket (null before any request)
 * @param p99Ms the same, 99th percentile
 */
public record LookupStats(String view, long found, long missing, long requests, Double meanMs, Double maxMs,
                          Double p50Ms, Double p99Ms) {}
