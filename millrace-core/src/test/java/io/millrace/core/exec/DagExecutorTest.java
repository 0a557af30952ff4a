package io.millrace.core.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.api.MillraceException;
import io.millrace.api.project.RetryPolicy;
import io.millrace.api.run.NodeState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class DagExecutorTest {
  private static final RetryPolicy ONCE = new RetryPolicy(0, Duration.ZERO, 1, Duration.ZERO, Duration.ZERO);

  private static RetryPolicy retries(int n) {
    return new RetryPolicy(n, Duration.ofMillis(1), 2.0, Duration.ofMillis(5), Duration.ZERO);
  }

  private static DagTask<String> task(String name, Set<String> up, TaskBody<String> body) {
    return DagTask.of(name, up, ONCE, body);
  }

  private final List<TaskEvent<String>> events = Collections.synchronizedList(new ArrayList<>());

  private DagResult<String> run(int threads, List<DagTask<String>> tasks) {
    return new DagExecutor(threads).run(tasks, Set.of(), events::add);
  }

  @Test
  void runsIndependentTasksInParallel() {
    CyclicBarrier both = new CyclicBarrier(2);
    TaskBody<String> meet = c -> {
      both.await(5, TimeUnit.SECONDS);  // throws unless the other task runs at the same time
      return c.task();
    };
    DagResult<String> r = run(2, List.of(task("a", Set.of(), meet), task("b", Set.of(), meet)));
    assertThat(r.succeeded()).isTrue();
    assertThat(r.outcome("a").result()).isEqualTo("a");
  }

  @Test
  void neverRunsMoreTasksThanThreads() {
    AtomicInteger now = new AtomicInteger();
    AtomicInteger max = new AtomicInteger();
    TaskBody<String> body = c -> {
      max.accumulateAndGet(now.incrementAndGet(), Math::max);
      Thread.sleep(2);
      now.decrementAndGet();
      return "ok";
    };
    List<DagTask<String>> tasks = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      tasks.add(task("t" + i, Set.of(), body));
    }
    assertThat(run(3, tasks).succeeded()).isTrue();
    assertThat(max.get()).isBetween(1, 3);
  }

  @Test
  void runsDownstreamOnlyAfterUpstreamSucceeded() {
    List<String> order = Collections.synchronizedList(new ArrayList<>());
    TaskBody<String> log = c -> {
      order.add(c.task());
      return c.task();
    };
    DagResult<String> r = run(4, List.of(task("c", Set.of("a", "b"), log), task("a", Set.of(), log),
        task("b", Set.of("a"), log)));
    assertThat(r.succeeded()).isTrue();
    assertThat(order).containsExactly("a", "b", "c");
  }

  @Test
  void retriesExternalFailuresThenSucceeds() {
    AtomicInteger calls = new AtomicInteger();
    DagTask<String> flaky = DagTask.of("flaky", Set.of(), retries(3), c -> {
      if (calls.incrementAndGet() < 3) {
        throw MillraceException.external(null, "Cannot reach service: attempt %d", c.attempt());
      }
      return "done at " + c.attempt();
    });
    DagResult<String> r = run(1, List.of(flaky));
    assertThat(r.outcome("flaky").state()).isEqualTo(NodeState.SUCCESS);
    assertThat(r.outcome("flaky").attempts()).isEqualTo(3);
    assertThat(r.outcome("flaky").result()).isEqualTo("done at 3");
    assertThat(events).extracting(TaskEvent::state).containsExactly(NodeState.RUNNING,
        NodeState.UP_FOR_RETRY, NodeState.RUNNING, NodeState.UP_FOR_RETRY, NodeState.RUNNING,
        NodeState.SUCCESS);
  }

  @Test
  void givesUpAfterTheLastRetry() {
    DagTask<String> broken = DagTask.of("broken", Set.of(), retries(2), c -> {
      throw MillraceException.external(null, "boom %d", c.attempt());
    });
    DagResult<String> r = run(1, List.of(broken));
    assertThat(r.outcome("broken").state()).isEqualTo(NodeState.FAILED);
    assertThat(r.outcome("broken").attempts()).isEqualTo(3);
    assertThat(r.outcome("broken").error()).hasMessage("boom 3");
  }

  @Test
  void doesNotRetryUserErrors() {
    AtomicInteger calls = new AtomicInteger();
    DagTask<String> bad = DagTask.of("bad", Set.of(), retries(5), c -> {
      calls.incrementAndGet();
      throw MillraceException.user("Cannot run model 'bad': syntax error");
    });
    DagResult<String> r = run(1, List.of(bad));
    assertThat(r.outcome("bad").state()).isEqualTo(NodeState.FAILED);
    assertThat(calls.get()).isEqualTo(1);
  }

  @Test
  void doesNotRetryInternalErrorsOrUnclassifiedExceptions() {
    AtomicInteger calls = new AtomicInteger();
    DagTask<String> bug = DagTask.of("bug", Set.of(), retries(5), c -> {
      calls.incrementAndGet();
      throw MillraceException.internal(null, "Cannot split table 't': 3 rows in, 2 out");
    });
    DagTask<String> npe = DagTask.of("npe", Set.of(), retries(5), c -> {
      calls.incrementAndGet();
      throw new IllegalStateException("unexpected");
    });
    DagResult<String> r = run(1, List.of(bug, npe));
    assertThat(r.outcome("bug").state()).isEqualTo(NodeState.FAILED);
    assertThat(r.outcome("npe").state()).isEqualTo(NodeState.FAILED);
    assertThat(r.outcome("bug").attempts()).isEqualTo(1);
    assertThat(r.outcome("npe").attempts()).isEqualTo(1);
    assertThat(calls.get()).isEqualTo(2);
  }

  @Test
  void timesOutASlowAttemptRunsItsCancelHookAndRetries() {
    AtomicBoolean hookRan = new AtomicBoolean();
    RetryPolicy policy = new RetryPolicy(1, Duration.ZERO, 1, Duration.ZERO, Duration.ofMillis(50));
    DagTask<String> slow = DagTask.of("slow", Set.of(), policy, c -> {
      if (c.attempt() == 1) {
        c.onCancel(() -> hookRan.set(true));
        Thread.sleep(10_000);
      }
      return "fast";
    });
    long t0 = System.nanoTime();
    DagResult<String> r = run(1, List.of(slow));
    assertThat(System.nanoTime() - t0).isLessThan(TimeUnit.SECONDS.toNanos(5));
    assertThat(r.outcome("slow").state()).isEqualTo(NodeState.SUCCESS);
    assertThat(r.outcome("slow").attempts()).isEqualTo(2);
    assertThat(hookRan).isTrue();
    assertThat(events.get(1).state()).isEqualTo(NodeState.UP_FOR_RETRY);
    assertThat(events.get(1).error()).hasMessageContaining("timed out after PT0.05S");
  }

  @Test
  void failedTaskBlocksItsDownstreamWhileOtherBranchesContinue() {
    DagResult<String> r = run(2, List.of(
        task("bad", Set.of(), c -> {
          throw MillraceException.user("Cannot run model 'bad': nope");
        }),
        task("child", Set.of("bad"), c -> "never"),
        task("grandchild", Set.of("child", "good"), c -> "never"),
        task("good", Set.of(), c -> "g"),
        task("goodChild", Set.of("good"), c -> "gc")));
    assertThat(r.succeeded()).isFalse();
    assertThat(r.outcome("bad").state()).isEqualTo(NodeState.FAILED);
    assertThat(r.outcome("child").state()).isEqualTo(NodeState.UPSTREAM_FAILED);
    assertThat(r.outcome("grandchild").state()).isEqualTo(NodeState.UPSTREAM_FAILED);
    assertThat(r.outcome("child").attempts()).isZero();
    assertThat(r.outcome("goodChild").state()).isEqualTo(NodeState.SUCCESS);
  }

  @Test
  void cancelInterruptsRunningTasksAndCancelsPendingOnes() throws Exception {
    DagExecutor executor = new DagExecutor(2);
    CountDownLatch started = new CountDownLatch(1);
    AtomicBoolean hookRan = new AtomicBoolean();
    List<DagTask<String>> tasks = List.of(
        task("long", Set.of(), c -> {
          c.onCancel(() -> hookRan.set(true));
          started.countDown();
          Thread.sleep(10_000);
          return "finished";
        }),
        task("after", Set.of("long"), c -> "never"),
        DagTask.of("retrying", Set.of(), new RetryPolicy(5, Duration.ofSeconds(30), 1, Duration.ofSeconds(30),
            Duration.ZERO), c -> {
              throw MillraceException.external(null, "flaky");
            }));
    Thread canceller = new Thread(() -> {
      try {
        started.await();
        executor.cancel();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    canceller.start();
    long t0 = System.nanoTime();
    DagResult<String> r = executor.run(tasks, Set.of(), events::add);
    assertThat(System.nanoTime() - t0).isLessThan(TimeUnit.SECONDS.toNanos(5));
    assertThat(r.cancelled()).isTrue();
    assertThat(hookRan).isTrue();
    assertThat(r.outcome("long").state()).isEqualTo(NodeState.CANCELLED);
    assertThat(r.outcome("long").error()).isInstanceOf(InterruptedException.class);
    assertThat(r.outcome("after").state()).isEqualTo(NodeState.CANCELLED);
    assertThat(r.outcome("retrying").state()).isEqualTo(NodeState.CANCELLED);
  }

  @Test
  void skippedTasksCountAsSuccessForDownstream() {
    AtomicInteger ran = new AtomicInteger();
    TaskBody<String> body = c -> {
      ran.incrementAndGet();
      return c.task();
    };
    DagResult<String> r = new DagExecutor(2).run(List.of(task("a", Set.of(), body),
        task("b", Set.of("a"), body), task("c", Set.of("b"), body)), Set.of("a", "b"), events::add);
    assertThat(r.succeeded()).isTrue();
    assertThat(r.outcome("a").state()).isEqualTo(NodeState.SKIPPED);
    assertThat(r.outcome("b").state()).isEqualTo(NodeState.SKIPPED);
    assertThat(r.outcome("c").state()).isEqualTo(NodeState.SUCCESS);
    assertThat(ran.get()).isEqualTo(1);
  }

  @Test
  void startsHigherPriorityReadyTasksFirst() {
    List<String> order = Collections.synchronizedList(new ArrayList<>());
    TaskBody<String> log = c -> {
      order.add(c.task());
      return "";
    };
    run(1, List.of(new DagTask<>("low", Set.of(), ONCE, 1, log), new DagTask<>("high", Set.of(), ONCE, 9, log),
        new DagTask<>("mid", Set.of(), ONCE, 5, log)));
    assertThat(order).containsExactly("high", "mid", "low");
  }

  @Test
  void rejectsCyclicTasks() {
    assertThatThrownBy(() -> run(1, List.of(task("a", Set.of("b"), c -> ""), task("b", Set.of("a"), c -> ""))))
        .isInstanceOf(MillraceException.class).hasMessageContaining("cycle").hasMessageContaining("a");
  }

  @Test
  void rejectsUnknownUpstream() {
    assertThatThrownBy(() -> run(1, List.of(task("a", Set.of("ghost"), c -> ""))))
        .hasMessageContaining("upstream 'ghost'");
  }

  @Test
  void listenerFailureCancelsTheRunAndIsRethrown() {
    TaskListener<String> failing = e -> {
      if (e.state() == NodeState.SUCCESS) {
        throw MillraceException.external(null, "Cannot save attempt: store down");
      }
    };
    assertThatThrownBy(() -> new DagExecutor(1).run(List.of(task("a", Set.of(), c -> ""),
        task("b", Set.of("a"), c -> "")), Set.of(), failing)).hasMessage("Cannot save attempt: store down");
  }

  @Test
  void runsALongChainWithoutOverflowingTheStack() {
    List<DagTask<String>> chain = new ArrayList<>();
    Set<String> skip = new java.util.HashSet<>();
    for (int i = 0; i < 20_000; i++) {
      chain.add(task("n" + i, i == 0 ? Set.of() : Set.of("n" + (i - 1)), c -> ""));
      skip.add("n" + i);
    }
    DagResult<String> r = new DagExecutor(4).run(chain, skip, TaskListener.none());
    assertThat(r.outcome("n19999").state()).isEqualTo(NodeState.SKIPPED);
  }
}
