package io.millrace.core.exec.internal;

import io.millrace.api.MillraceException;
import io.millrace.api.run.NodeState;
import io.millrace.core.exec.DagExecutor;
import io.millrace.core.exec.DagResult;
import io.millrace.core.exec.DagTask;
import io.millrace.core.exec.TaskEvent;
import io.millrace.core.exec.TaskListener;
import io.millrace.core.exec.TaskOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One execution of a DAG.
 *
 * <p>Design: a single coordinating thread (the caller of {@link #run}) owns all scheduling state —
 * indegree counters, the ready queue, states — so nothing is locked. Pool threads only run bodies
 * and post a {@link Finished} signal; a timer posts retry wake-ups and fires timeouts; {@link
 * #cancel} posts a signal too. Each task costs O(1 + its edges) scheduling work, and the pool is
 * sized once per run, so per-task overhead stays in microseconds.
 */
public final class DagRun<R> {
  private interface Signal { }

  private record Finished<R>(int index, Attempt attempt, R result, Throwable error) implements Signal { }

  private record RetryDue(int index) implements Signal { }

  private record Cancel() implements Signal { }

  private static final AtomicInteger RUNS = new AtomicInteger();

  private final DagGraph<R> graph;
  private final int threads;
  private final Set<String> skip;
  private final TaskListener<R> listener;
  private final BlockingQueue<Signal> signals = new LinkedBlockingQueue<>();
  private final PriorityQueue<Integer> ready;
  private final int[] remaining;
  private final NodeState[] state;
  private final int[] attempts;
  private final Instant[] firstStart;
  private final Instant[] ended;
  private final Throwable[] error;
  private final Object[] result;
  private final Attempt[] running;
  private final Map<Integer, ScheduledFuture<?>> waiting = new HashMap<>();
  private ExecutorService pool;
  private ScheduledThreadPoolExecutor timer;
  private int runningCount;
  private int done;
  private boolean cancelling;
  private RuntimeException listenerFailure;

  public DagRun(DagGraph<R> graph, int threads, Set<String> skip, TaskListener<R> listener) {
    this.graph = graph;
    this.threads = threads;
    this.skip = Set.copyOf(skip);
    this.listener = listener;
    int n = graph.size();
    ready = new PriorityQueue<>(Math.max(1, n), (a, b) -> {
      int c = Long.compare(graph.tasks.get(b).priority(), graph.tasks.get(a).priority());
      return c != 0 ? c : Integer.compare(a, b);
    });
    remaining = graph.indegree.clone();
    state = new NodeState[n];
    java.util.Arrays.fill(state, NodeState.PENDING);
    attempts = new int[n];
    firstStart = new Instant[n];
    ended = new Instant[n];
    error = new Throwable[n];
    result = new Object[n];
    running = new Attempt[n];
  }

  /** Asks the run to stop; safe from any thread, any number of times. */
  public void cancel() {
    signals.add(new Cancel());
  }

  /** Runs every task to a terminal state and returns the outcomes. */
  public DagResult<R> run() {
    int n = graph.size();
    int id = RUNS.incrementAndGet();
    pool = Executors.newFixedThreadPool(Math.max(1, Math.min(threads, Math.max(1, n))),
        daemon("millrace-exec-" + id + "-"));
    timer = new ScheduledThreadPoolExecutor(1, daemon("millrace-timer-" + id + "-"));
    timer.setRemoveOnCancelPolicy(true);
    boolean interrupted = false;
    try {
      for (int i = 0; i < n; i++) {
        // the original indegree: finishing a skipped root already releases its downstream
        if (graph.indegree[i] == 0) {
          becomeReady(i);
        }
      }
      launch();
      while (done < n) {
        Signal s;
        try {
          s = signals.take();
        } catch (InterruptedException e) {
          interrupted = true;
          s = new Cancel();
        }
        handle(s);
        launch();
      }
    } finally {
      pool.shutdownNow();
      timer.shutdownNow();
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    if (listenerFailure != null) {
      throw listenerFailure;
    }
    return new DagResult<>(outcomes(), cancelling);
  }

  @SuppressWarnings("unchecked")
  private void handle(Signal s) {
    if (s instanceof Finished<?> f) {
      attemptEnded((Finished<R>) f);
    } else if (s instanceof RetryDue r) {
      waiting.remove(r.index());
      if (state[r.index()] == NodeState.UP_FOR_RETRY && !cancelling) {
        ready.add(r.index());
      }
    } else if (s instanceof Cancel) {
      cancelAll();
    }
  }

  private void launch() {
    while (!cancelling && runningCount < threads && !ready.isEmpty()) {
      start(ready.poll());
    }
  }

  private void start(int i) {
    DagTask<R> task = graph.tasks.get(i);
    Attempt a = new Attempt(task.name(), ++attempts[i]);
    Instant now = Instant.now();
    if (firstStart[i] == null) {
      firstStart[i] = now;
    }
    running[i] = a;
    runningCount++;
    state[i] = NodeState.RUNNING;
    emit(new TaskEvent<>(task.name(), NodeState.RUNNING, a.attempt(), now, now, null, null));
    Duration timeout = task.retry().timeout();
    if (!timeout.isZero() && !timeout.isNegative()) {
      a.timeout = timer.schedule(() -> cancelAttempt(a, true), timeout.toNanos(), TimeUnit.NANOSECONDS);
    }
    pool.execute(() -> work(i, task, a));
  }

  private void work(int i, DagTask<R> task, Attempt a) {
    a.bind(Thread.currentThread());
    R r = null;
    Throwable failure = null;
    try {
      r = task.body().run(a);
    } catch (Throwable t) {
      failure = t;
    } finally {
      a.unbind();
      Thread.interrupted();  // never hand an interrupted thread back to the pool
    }
    signals.add(new Finished<>(i, a, r, failure));
  }

  private void attemptEnded(Finished<R> f) {
    int i = f.index();
    Attempt a = f.attempt();
    running[i] = null;
    runningCount--;
    for (ScheduledFuture<?> t : new ScheduledFuture<?>[] {a.timeout, a.repeat}) {
      if (t != null) {
        t.cancel(false);
      }
    }
    if (f.error() == null) {
      result[i] = f.result();
      finish(i, NodeState.SUCCESS, null);
      return;
    }
    Throwable err = f.error();
    DagTask<R> task = graph.tasks.get(i);
    if (a.timedOut() && !cancelling) {
      err = MillraceException.external(err, "Cannot finish task '%s': attempt %d timed out after %s",
          task.name(), a.attempt(), task.retry().timeout());
    }
    for (Throwable h : a.hookErrors()) {
      err.addSuppressed(h);
    }
    error[i] = err;
    if (cancelling) {
      finish(i, NodeState.CANCELLED, err);
    } else if (a.attempt() <= task.retry().retries() && DagExecutor.retryable(err)) {
      state[i] = NodeState.UP_FOR_RETRY;
      Instant now = Instant.now();
      emit(new TaskEvent<>(task.name(), NodeState.UP_FOR_RETRY, a.attempt(), firstStart[i], now, null, err));
      long delay = task.retry().delayAfter(a.attempt()).toNanos();
      if (delay <= 0) {
        ready.add(i);
      } else {
        waiting.put(i, timer.schedule(() -> signals.add(new RetryDue(i)), delay, TimeUnit.NANOSECONDS));
      }
    } else {
      finish(i, NodeState.FAILED, err);
    }
  }

  private void becomeReady(int i) {
    if (cancelling) {
      finish(i, NodeState.CANCELLED, null);
    } else if (skip.contains(graph.tasks.get(i).name())) {
      finish(i, NodeState.SKIPPED, null);
    } else {
      ready.add(i);
    }
  }

  /**
   * Records a terminal state and releases or blocks downstream tasks. Uses a work list instead of
   * recursion so a long chain of skipped or blocked tasks cannot overflow the stack.
   */
  private void finish(int first, NodeState firstState, Throwable firstError) {
    ArrayDeque<int[]> work = new ArrayDeque<>();
    terminal(first, firstState, firstError);
    work.add(new int[] {first});
    while (!work.isEmpty()) {
      int i = work.poll()[0];
      boolean ok = state[i] == NodeState.SUCCESS || state[i] == NodeState.SKIPPED;
      for (int d : graph.downstream[i]) {
        if (state[d] != NodeState.PENDING) {
          continue;
        }
        if (ok) {
          if (--remaining[d] == 0) {
            if (!cancelling && skip.contains(graph.tasks.get(d).name())) {
              terminal(d, NodeState.SKIPPED, null);
              work.add(new int[] {d});
            } else if (cancelling) {
              terminal(d, NodeState.CANCELLED, null);
            } else {
              ready.add(d);
            }
          }
        } else {
          terminal(d, cancelling ? NodeState.CANCELLED : NodeState.UPSTREAM_FAILED, null);
          work.add(new int[] {d});
        }
      }
    }
  }

  private void terminal(int i, NodeState s, Throwable err) {
    state[i] = s;
    ended[i] = Instant.now();
    if (err != null) {
      error[i] = err;
    }
    done++;
    int attempt = s == NodeState.SKIPPED || s == NodeState.UPSTREAM_FAILED ? 0 : attempts[i];
    @SuppressWarnings("unchecked")
    R r = (R) result[i];
    emit(new TaskEvent<>(graph.tasks.get(i).name(), s, attempt, firstStart[i], ended[i], r, error[i]));
  }

  private void cancelAll() {
    if (cancelling) {
      return;
    }
    cancelling = true;
    ready.clear();
    for (ScheduledFuture<?> f : waiting.values()) {
      f.cancel(false);
    }
    waiting.clear();
    for (Attempt a : running) {
      if (a != null) {
        cancelAttempt(a, false);
      }
    }
    for (int i = 0; i < state.length; i++) {
      if (state[i] == NodeState.PENDING || state[i] == NodeState.UP_FOR_RETRY) {
        terminal(i, NodeState.CANCELLED, null);
      }
    }
  }

  /** Called on the timer (timeouts) or the coordinator (cancel); the timer is thread-safe. */
  private void cancelAttempt(Attempt a, boolean byTimeout) {
    if (a.cancel(byTimeout)) {
      a.repeat = timer.scheduleWithFixedDelay(a::repeatHooks, 100, 100, TimeUnit.MILLISECONDS);
    }
  }

  private void emit(TaskEvent<R> e) {
    if (listenerFailure != null) {
      return;
    }
    try {
      listener.onEvent(e);
    } catch (RuntimeException ex) {
      listenerFailure = ex;
      cancelAll();
    }
  }

  @SuppressWarnings("unchecked")
  private Map<String, TaskOutcome<R>> outcomes() {
    Map<String, TaskOutcome<R>> out = new LinkedHashMap<>();
    for (int i = 0; i < graph.size(); i++) {
      String name = graph.tasks.get(i).name();
      out.put(name, new TaskOutcome<>(name, state[i], attempts[i], firstStart[i], ended[i],
          (R) result[i], state[i] == NodeState.SUCCESS ? null : error[i]));
    }
    return out;
  }

  private static ThreadFactory daemon(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
