package io.millrace.quality.internal.rowexpr;

/** A reason the parser refuses an expression; it adds the text and position. */
final class Refusal extends RuntimeException {
  Refusal(String reason) {
    super(reason);
  }
}
