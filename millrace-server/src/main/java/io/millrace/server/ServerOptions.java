package io.millrace.server;

import io.millrace.api.MillraceException;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Where and how the server listens.
 *
 * @param host the address to bind (127.0.0.1 unless told otherwise)
 * @param port the port (0 picks a free one)
 * @param token the bearer token write endpoints require ({@code MILLRACE_TOKEN}), or null
 */
public record ServerOptions(String host, int port, String token) {
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 8080;

  public ServerOptions {
    if (port < 0 || port > 65535) {
      throw MillraceException.user("Cannot serve on port %d: ports are 0-65535", port);
    }
    if (token != null && token.isBlank()) {
      token = null;
    }
  }

  /** Whether the bound address is a loopback one, where write endpoints may run without a token. */
  public boolean loopback() {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      throw MillraceException.user("Cannot serve on host '%s': unknown host", host);
    }
  }

  /** Write endpoints (trigger, cancel, ...) are served only with a token, or on loopback. */
  public boolean writesEnabled() {
    return token != null || loopback();
  }
}
