package io.millrace.cli.internal;

import io.millrace.api.run.NodeState;
import io.millrace.core.pipeline.NodeEvent;
import io.millrace.core.pipeline.PipelineListener;
import java.util.Locale;

/** Prints one line per node state change on stderr (results stay on stdout). Thread-safe. */
public final class ConsoleProgress implements PipelineListener {
  private final long started = System.nanoTime();

  @Override
  public synchronized void onNode(NodeEvent e) {
    String clock = String.format(Locale.ROOT, "[%6.1fs]", (System.nanoTime() - started) / 1e9);
    String kind = e.kind().name().toLowerCase(Locale.ROOT);
    String line = switch (e.state()) {
      case RUNNING -> String.format("%s %-9s %s (%s)%s", clock, "start", e.node(), kind,
          e.attempt() > 1 ? " attempt " + e.attempt() : "");
      case SUCCESS -> String.format(Locale.ROOT, "%s %-9s %s  %,d rows out%s%s  %.2fs", clock, "done", e.node(),
          e.rowsOut(), e.rejected() > 0 ? String.format(", %,d rejected", e.rejected()) : "",
          e.quarantined() > 0 ? String.format(", %,d quarantined", e.quarantined()) : "", e.elapsedMillis() / 1000.0);
      case UP_FOR_RETRY -> String.format("%s %-9s %s attempt %d failed, will retry: %s", clock, "retry", e.node(),
          e.attempt(), e.error());
      case FAILED -> String.format("%s %-9s %s: %s", clock, "FAILED", e.node(), e.error());
      default -> String.format("%s %-9s %s", clock, e.state().name().toLowerCase(Locale.ROOT), e.node());
    };
    if (e.state() != NodeState.PENDING) {
      Console.err(line);
    }
  }
}
