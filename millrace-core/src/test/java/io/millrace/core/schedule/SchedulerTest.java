package io.millrace.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SchedulerTest {
  /** A clock tests move by hand. */
  static final class FakeClock extends Clock {
    private volatile Instant now;

    FakeClock(LocalDateTime start) {
      now = start.toInstant(ZoneOffset.UTC);
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  @Test
  void runsDueIntervalsThenSleepsUntilTheNextOneCompletes() {
    FakeClock clock = new FakeClock(LocalDateTime.parse("2025-01-01T02:30"));
    List<Interval> ran = new ArrayList<>();
    List<Duration> sleeps = new ArrayList<>();
    Scheduler[] holder = new Scheduler[1];
    Scheduler s = new Scheduler(Schedules.parse("@hourly"), LocalDateTime.parse("2025-01-01T00:00"), true,
        null, clock, d -> {
          sleeps.add(d);
          clock.advance(d);
          if (sleeps.size() == 3) {
            holder[0].stop();
          }
        });
    holder[0] = s;
    s.run(ran::add);
    assertThat(ran).extracting(i -> i.start().getHour()).containsExactly(0, 1, 2, 3);
    assertThat(sleeps).containsExactly(Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(1));
    assertThat(s.lastCompletedEnd()).isEqualTo(LocalDateTime.parse("2025-01-01T04:00"));
  }

  @Test
  void stopWakesASleepingScheduler() throws Exception {
    Scheduler s = new Scheduler(Schedules.parse("@daily"), null, false, null, Clock.systemUTC(),
        Scheduler.Sleeper.system());
    CountDownLatch done = new CountDownLatch(1);
    Thread t = new Thread(() -> {
      s.run(i -> { });
      done.countDown();
    });
    t.start();
    Thread.sleep(50);
    s.stop();
    assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void onceRunsASingleIntervalAndReturns() {
    FakeClock clock = new FakeClock(LocalDateTime.parse("2025-01-02T00:00"));
    List<Interval> ran = new ArrayList<>();
    new Scheduler(Schedules.parse("@once"), LocalDateTime.parse("2025-01-01T00:00"), false, null, clock,
        d -> { throw new AssertionError("must not sleep"); }).run(ran::add);
    assertThat(ran).containsExactly(new Interval(LocalDateTime.parse("2025-01-01T00:00"),
        LocalDateTime.parse("2025-01-01T00:00")));
  }
}
