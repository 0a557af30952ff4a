package io.millrace.server.features;

import io.millrace.api.ErrorKind;
import io.millrace.api.MillraceException;

/**
 * A bad request with the precise HTTP status it deserves (400, 404, 413). A USER error, so that if it ever
 * escaped this package's handler the server's one mapping would still answer 400.
 */
final class RequestFault extends MillraceException {
  private final int status;

  RequestFault(int status, String message) {
    super(ErrorKind.USER, message);
    this.status = status;
  }

  static RequestFault bad(String format, Object... args) {
    return new RequestFault(400, String.format(format, args));
  }

  static RequestFault notFound(String format, Object... args) {
    return new RequestFault(404, String.format(format, args));
  }

  static RequestFault tooLarge(String format, Object... args) {
    return new RequestFault(413, String.format(format, args));
  }

  int status() {
    return status;
  }
}
