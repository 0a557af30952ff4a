package io.millrace.core.pipeline.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EngineSlotsTest {
  private final EngineSlots slots = new EngineSlots(1, new PhaseTimes());
  private final ExecutorService pool = Executors.newCachedThreadPool();
  private final List<String> order = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  /** Runs a node's engine work on the pool: records its name when it gets the slot. */
  private CompletableFuture<Void> node(String name, long priority, long successor, CountDownLatch hold) {
    return CompletableFuture.runAsync(() -> slots.run(priority, PhaseTimes.WRITE, () -> {
      order.add(name);
      await(hold);
      return null;
    }, () -> successor), pool);
  }

  /** Starts a node that holds the slot until {@code works} is counted down; returns once it has it. */
  private CompletableFuture<Void> holding(String name, long priority, long successor, CountDownLatch works)
      throws InterruptedException {
    CompletableFuture<Void> f = node(name, priority, successor, works);
    while (order.isEmpty()) {
      Thread.sleep(2);
    }
    return f;
  }

  private void waitForWaiters(int n) throws InterruptedException {
    while (slots.waiting() < n) {
      Thread.sleep(2);
    }
  }

  @Test
  void aReleasedSlotWaitsForTheMoreUrgentSuccessorInsteadOfGoingToALessUrgentWaiter() throws Exception {
    CountDownLatch upstreamWorks = new CountDownLatch(1);
    CompletableFuture<Void> upstream = holding("product_stats", 100, 50, upstreamWorks);
    CompletableFuture<Void> other = node("daily_summary", 10, EngineSlots.NO_HOLD, new CountDownLatch(0));
    waitForWaiters(1);
    upstreamWorks.countDown();
    upstream.get(10, TimeUnit.SECONDS);
    Thread.sleep(50);   // the upstream commits: the slot is free, and held
    CompletableFuture<Void> successor = node("sales_data", 50, EngineSlots.NO_HOLD, new CountDownLatch(0));

    CompletableFuture.allOf(other, successor).get(10, TimeUnit.SECONDS);
    assertThat(order).containsExactly("product_stats", "sales_data", "daily_summary");
  }

  @Test
  void withoutASuccessorTheWaiterGetsTheSlot() throws Exception {
    CountDownLatch upstreamWorks = new CountDownLatch(1);
    CompletableFuture<Void> upstream = holding("a", 100, EngineSlots.NO_HOLD, upstreamWorks);
    CompletableFuture<Void> other = node("b", 10, EngineSlots.NO_HOLD, new CountDownLatch(0));
    waitForWaiters(1);
    upstreamWorks.countDown();

    CompletableFuture.allOf(upstream, other).get(10, TimeUnit.SECONDS);
    assertThat(order).containsExactly("a", "b");
  }

  @Test
  void aHeldSlotGoesToTheLessUrgentWaiterWhenNoSuccessorComes() throws Exception {
    CountDownLatch upstreamWorks = new CountDownLatch(1);
    CompletableFuture<Void> upstream = holding("a", 100, 50, upstreamWorks);
    CompletableFuture<Void> other = node("b", 10, EngineSlots.NO_HOLD, new CountDownLatch(0));
    waitForWaiters(1);
    upstreamWorks.countDown();

    CompletableFuture.allOf(upstream, other).get(10, TimeUnit.SECONDS);   // after the hold expires
    assertThat(order).containsExactly("a", "b");
  }

  @Test
  void aWaiterMoreUrgentThanTheSuccessorIsNotHeldBack() throws Exception {
    CountDownLatch upstreamWorks = new CountDownLatch(1);
    CompletableFuture<Void> upstream = holding("a", 100, 50, upstreamWorks);
    CountDownLatch urgentWorks = new CountDownLatch(1);
    CompletableFuture<Void> urgent = node("urgent", 60, EngineSlots.NO_HOLD, urgentWorks);
    waitForWaiters(1);
    upstreamWorks.countDown();
    upstream.get(10, TimeUnit.SECONDS);
    while (order.size() < 2) {
      Thread.sleep(2);
    }
    assertThat(order).containsExactly("a", "urgent");
    urgentWorks.countDown();
    urgent.get(10, TimeUnit.SECONDS);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
