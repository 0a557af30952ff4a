package io.millrace.core.lineage.internal;

import io.millrace.api.Secrets;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Posts each event to a lineage server (Marquez's {@code /api/v1/lineage}) from one background
 * thread, so a slow server never slows the run. An event that cannot be delivered (refused, timed
 * out, non-2xx) is appended to a spool file, with every later event of the same delivery (order is
 * kept); the next delivery first replays the spool. A down server therefore never fails a run and
 * loses nothing. Thread-safe.
 */
public final class HttpSink implements EventSink {
  private static final System.Logger LOG = System.getLogger(HttpSink.class.getName());
  private final URI url;
  private final Duration timeout;
  private final Path spool;
  private final HttpClient client;
  private final java.util.concurrent.ThreadPoolExecutor worker = new java.util.concurrent.ThreadPoolExecutor(1, 1,
      10, TimeUnit.SECONDS, new java.util.concurrent.LinkedBlockingQueue<>(), r -> {
        Thread t = new Thread(r, "millrace-lineage-http");
        t.setDaemon(true);
        return t;
      });

  public HttpSink(URI url, Duration timeout, Path spool) {
    this.url = url;
    this.timeout = timeout;
    this.spool = spool;
    this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
    worker.allowCoreThreadTimeOut(true);   // an idle sink holds no thread
  }

  @Override
  public void send(List<String> events) {
    List<String> copy = List.copyOf(events);
    worker.submit(() -> deliver(copy));
  }

  @Override
  public void flush() {
    Future<?> done = worker.submit(() -> { });
    try {
      done.get(timeout.toMillis() * 2 + 5_000, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      LOG.log(System.Logger.Level.WARNING, "lineage events still being sent to " + url + " after the run");
    }
  }

  /** Replays the spool, then sends {@code events}; what fails from then on is spooled. Worker thread only. */
  private void deliver(List<String> events) {
    List<String> pending = new ArrayList<>(readSpool());
    pending.addAll(events);
    int sent = 0;
    for (String e : pending) {
      if (!post(e)) {
        break;
      }
      sent++;
    }
    writeSpool(pending.subList(sent, pending.size()));
  }

  private boolean post(String event) {
    HttpRequest req = HttpRequest.newBuilder(url).timeout(timeout).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(event, StandardCharsets.UTF_8)).build();
    try {
      int status = client.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
      if (status / 100 == 2) {
        return true;
      }
      LOG.log(System.Logger.Level.WARNING, "Cannot send lineage event to " + url + ": HTTP " + status
          + "; kept in " + spool + " for the next run");
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "Cannot send lineage event to " + url + ": "
          + Secrets.mask(String.valueOf(e.getMessage())) + "; kept in " + spool + " for the next run");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return false;
  }

  private List<String> readSpool() {
    try {
      return Files.isRegularFile(spool) ? Files.readAllLines(spool, StandardCharsets.UTF_8).stream()
          .filter(l -> !l.isBlank()).toList() : List.of();
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "Cannot read lineage spool " + spool + ": " + e.getMessage());
      return List.of();
    }
  }

  private void writeSpool(List<String> left) {
    try {
      if (left.isEmpty()) {
        Files.deleteIfExists(spool);
        return;
      }
      Files.createDirectories(spool.getParent());
      Path tmp = spool.resolveSibling(spool.getFileName() + ".tmp");
      Files.write(tmp, left, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
      Files.move(tmp, spool, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      LOG.log(System.Logger.Level.ERROR, "Cannot keep " + left.size() + " lineage events in " + spool + ": " + e.getMessage());
    }
  }
}
