package io.millrace.quality.internal;

/**
 * A problem with one expectation found while binding it (bad kwargs, missing column...). The
 * binder turns it into a USER {@link io.millrace.api.MillraceException} naming suite file,
 * expectation index and type — or, when the expectation sets {@code catch_exceptions: true}, into
 * that expectation's {@code exception_info}.
 */
public final class BindError extends RuntimeException {
  public BindError(String reason) {
    super(reason);
  }
}
