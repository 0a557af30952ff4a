package io.millrace.server.features;

import io.millrace.api.MillraceException;

/**
 * How much one request to {@code /get-online-features} or {@code /predict/{name}} may ask for. Larger requests
 * are refused with 413 before any lookup, so one client cannot make the server read or allocate without bound.
 *
 * @param maxEntityRows entity rows per request (default 1,000)
 * @param maxBodyBytes request body size in bytes (default 1 MiB)
 */
public record ServingLimits(int maxEntityRows, int maxBodyBytes) {
  public static final ServingLimits DEFAULTS = new ServingLimits(1_000, 1 << 20);

  public ServingLimits {
    if (maxEntityRows < 1) {
      throw MillraceException.user("Cannot serve features with at most %d entity rows a request: it must be >= 1",
          maxEntityRows);
    }
    if (maxBodyBytes < 64) {
      throw MillraceException.user("Cannot serve features with a %d-byte body limit: it must be >= 64",
          maxBodyBytes);
    }
  }
}
