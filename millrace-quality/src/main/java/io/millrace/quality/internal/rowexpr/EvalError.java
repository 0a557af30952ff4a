package io.millrace.quality.internal.rowexpr;

/** A value on which the engine fails too (overflow, integer division by zero, a failing CAST). */
public final class EvalError extends RuntimeException {
  EvalError(String reason) {
    super(reason);
  }
}
