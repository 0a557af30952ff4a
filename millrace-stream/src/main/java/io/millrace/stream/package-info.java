/**
 * Stream jobs on Kafka Streams: event validation with dead letters, per-entity features, event-time
 * windows, scoring and outputs; an embedded KRaft broker, a producer and a load generator.
 */
package io.millrace.stream;
