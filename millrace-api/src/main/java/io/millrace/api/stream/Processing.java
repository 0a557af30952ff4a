package io.millrace.api.stream;

/** The delivery guarantee of a stream job (Kafka Streams' {@code processing.guarantee}). */
public enum Processing {
  /** Every input event is reflected at least once; a crash may replay some (the default). */
  AT_LEAST_ONCE,
  /** Transactions: every input event is reflected exactly once in state and output topics. */
  EXACTLY_ONCE_V2
}
