package io.millrace.benchmarks;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * An open-loop load generator for benchmarks/serve.sh: requests start on a fixed schedule (rate per second,
 * spread round-robin over keep-alive connections), and each latency is measured from the request's scheduled
 * start, not from when it was sent, so a stalled server is charged for the requests it delayed (no coordinated
 * omission, as wrk2 measures). Speaks HTTP/1.1 (POST a body or GET) or Redis' protocol (one command), with a
 * random key per request in [0, keys) substituted for {@code %d}. Prints one line of percentiles.
 *
 * <pre>
 * ConstantRateLoad http://127.0.0.1:8080/get-online-features RATE SECONDS KEYS '{"...": [%d]}'
 * ConstantRateLoad http://127.0.0.1:8080/health RATE SECONDS 1 GET
 * ConstantRateLoad redis://127.0.0.1:6379 RATE SECONDS KEYS 'HMGET bench:%d f1 f2'
 * </pre>
 * Options (system properties): {@code connections} (default 32), {@code warmup} seconds not recorded (default 3).
 */
public final class ConstantRateLoad {
  public static void main(String[] args) throws Exception {
    URI target = URI.create(args[0]);
    int rate = Integer.parseInt(args[1]);
    int seconds = Integer.parseInt(args[2]);
    int keys = Integer.parseInt(args[3]);
    String template = args[4];
    int connections = Integer.getInteger("connections", 32);
    int warmup = Integer.getInteger("warmup", 3);
    long total = (long) rate * (seconds + warmup);
    long skip = (long) rate * warmup;
    long period = 1_000_000_000L / rate;
    long start = System.nanoTime() + 200_000_000L;
    long[][] latencies = new long[connections][];
    AtomicLong errors = new AtomicLong();
    String[] firstError = new String[1];
    Thread[] threads = new Thread[connections];
    for (int c = 0; c < connections; c++) {
      int conn = c;
      threads[c] = new Thread(() -> {
        long[] mine = new long[(int) (total / connections + 1)];
        int n = 0;
        SplittableRandom random = new SplittableRandom(42 + conn);
        Client client = null;
        for (long i = conn; i < total; i += connections) {
          long intended = start + i * period;
          long wait;
          while ((wait = intended - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
          }
          String text = template.contains("%d") ? String.format(template, random.nextInt(keys)) : template;
          String error;
          try {
            client = client != null ? client : open(target, template);
            error = client.call(text);
          } catch (IOException e) {
            error = e.toString();
            client = close(client);
          }
          if (error != null) {
            errors.incrementAndGet();
            firstError[0] = firstError[0] == null ? error : firstError[0];
          }
          if (i >= skip) {
            mine[n++] = System.nanoTime() - intended;
          }
        }
        close(client);
        latencies[conn] = Arrays.copyOf(mine, n);
      }, "load-" + c);
      threads[c].start();
    }
    for (Thread t : threads) {
      t.join();
    }
    long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
    double wall = (System.nanoTime() - start) / 1e9;
    System.out.printf("rate=%d recorded=%d errors=%d achieved_rps=%.0f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f "
            + "p99.9_ms=%.3f max_ms=%.3f%s%n", rate, all.length, errors.get(), total / wall, pct(all, 50),
        pct(all, 90), pct(all, 99), pct(all, 99.9), all.length == 0 ? 0 : all[all.length - 1] / 1e6,
        firstError[0] == null ? "" : " first_error=" + firstError[0].replace(' ', '_'));
  }

  private static Client open(URI target, String template) throws IOException {
    return target.getScheme().equals("redis") ? new Redis(target) : new Http(target, template);
  }

  private static Client close(Client client) {
    try {
      if (client != null) {
        client.close();
      }
    } catch (IOException ignored) {
      // the connection is dropped either way
    }
    return null;
  }

  private static double pct(long[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
  }

  private interface Client extends AutoCloseable {
    /** One request and its whole response; an error text, or null when it succeeded. */
    String call(String text) throws IOException;

    @Override
    void close() throws IOException;
  }

  /** One CRLF- or LF-terminated line of a server's answer, without the terminator. */
  static String readLine(InputStream in) throws IOException {
    StringBuilder s = new StringBuilder(64);
    int c;
    while ((c = in.read()) != '\n') {
      if (c < 0) {
        throw new IOException("connection closed");
      }
      if (c != '\r') {
        s.append((char) c);
      }
    }
    return s.toString();
  }

  private static final class Http implements Client {
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final String head;
    private final boolean get;

    Http(URI uri, String template) throws IOException {
      socket = new Socket();
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()));
      out = socket.getOutputStream();
      in = new BufferedInputStream(socket.getInputStream(), 65536);
      get = template.equals("GET");
      head = (get ? "GET " : "POST ") + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + "\r\n"
          + (get ? "\r\n" : "Content-Type: application/json\r\nContent-Length: ");
    }

    @Override
    public String call(String body) throws IOException {
      byte[] b = get ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
      out.write((get ? head : head + b.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.write(b);
      out.flush();
      String status = line();
      int length = -1;
      boolean chunked = false;
      for (String h = line(); !h.isEmpty(); h = line()) {
        String lower = h.toLowerCase();
        if (lower.startsWith("content-length:")) {
          length = Integer.parseInt(h.substring(15).trim());
        } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
          chunked = true;
        }
      }
      if (chunked) {
        for (int size = Integer.parseInt(line().trim(), 16); size > 0; size = Integer.parseInt(line().trim(), 16)) {
          in.skipNBytes(size);
          line();
        }
        line();
      } else {
        in.skipNBytes(Math.max(length, 0));
      }
      return status.regionMatches(8, " 200", 0, 4) ? null : status;
    }

    private String line() throws IOException {
      return readLine(in);
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  private static final class Redis implements Client {
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    Redis(URI uri) throws IOException {
      socket = new Socket();
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()));
      out = socket.getOutputStream();
      in = new BufferedInputStream(socket.getInputStream(), 65536);
    }

    @Override
    public String call(String command) throws IOException {
      String[] parts = command.split(" ");
      StringBuilder s = new StringBuilder("*").append(parts.length).append("\r\n");
      for (String p : parts) {
        s.append('$').append(p.length()).append("\r\n").append(p).append("\r\n");
      }
      out.write(s.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
      return reply();
    }

    private String reply() throws IOException {
      int type = in.read();
      String line = line();
      switch (type) {
        case '*' -> {
          for (int i = Integer.parseInt(line); i > 0; i--) {
            String e = reply();
            if (e != null) {
              return e;
            }
          }
          return null;
        }
        case '$' -> {
          int n = Integer.parseInt(line);
          if (n >= 0) {
            in.skipNBytes(n + 2);
          }
          return null;
        }
        case '-' -> {
          return line;
        }
        default -> {
          return null;
        }
      }
    }

    private String line() throws IOException {
      return readLine(in);
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
