package io.millrace.server.features;

import io.javalin.http.Context;
import io.millrace.api.MillraceException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads a request body into a per-thread buffer, refusing more than {@link ServingLimits#maxBodyBytes()} with
 * 413: first by its declared length, then while reading (a chunked body declares none). The bytes are valid
 * until the same thread reads the next body, which is after the request that read them was answered.
 */
final class RequestBody {
  private static final ThreadLocal<byte[]> BUFFER = ThreadLocal.withInitial(() -> new byte[4096]);

  private RequestBody() {}

  /** A view of the body: {@code bytes[0..length)}. */
  record Bytes(byte[] bytes, int length) {}

  static Bytes read(Context ctx, int maxBytes) {
    String declared = ctx.header("Content-Length");
    if (declared != null) {
      long n = parseLength(declared);
      if (n > maxBytes) {
        throw RequestFault.tooLarge("Cannot read request body: %d bytes is over the limit of %d bytes", n, maxBytes);
      }
    }
    byte[] buf = BUFFER.get();
    int length = 0;
    try (InputStream in = ctx.bodyInputStream()) {
      while (true) {
        if (length == buf.length) {
          if (buf.length > maxBytes) {
            throw RequestFault.tooLarge("Cannot read request body: it is over the limit of %d bytes", maxBytes);
          }
          buf = Arrays.copyOf(buf, Math.min(buf.length * 2, maxBytes + 1));
          BUFFER.set(buf);
        }
        int n = in.read(buf, length, buf.length - length);
        if (n < 0) {
          break;
        }
        length += n;
      }
    } catch (IOException e) {
      throw MillraceException.external(e, "Cannot read request body: %s", e.getMessage());
    }
    if (length > maxBytes) {
      throw RequestFault.tooLarge("Cannot read request body: it is over the limit of %d bytes", maxBytes);
    }
    return new Bytes(buf, length);
  }

  private static long parseLength(String declared) {
    try {
      return Long.parseLong(declared.trim());
    } catch (NumberFormatException e) {
      throw RequestFault.bad("Cannot read request body: Content-Length '%s' is not a number", declared);
    }
  }
}
