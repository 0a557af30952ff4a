package io.millrace.benchmarks;

import io.millrace.api.project.RetryPolicy;
import io.millrace.core.exec.DagExecutor;
import io.millrace.core.exec.DagTask;
import io.millrace.core.exec.TaskListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Scheduling overhead of {@link DagExecutor} per node, for no-op tasks, against the floor of the
 * same number of no-op tasks handed to a plain thread pool (chain: one after the other; wide: all at
 * once). Prints median milliseconds over repetitions and the overhead per node.
 *
 * <p>usage: DagOverhead [NODES] [REPETITIONS]
 */
public final class DagOverhead {
  private static final RetryPolicy NO_RETRY = new RetryPolicy(0, Duration.ZERO, 1, Duration.ZERO, Duration.ZERO);

  private DagOverhead() {}

  public static void main(String[] args) throws Exception {
    int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int reps = args.length > 1 ? Integer.parseInt(args[1]) : 15;
    for (String shape : new String[] {"chain", "wide", "layered"}) {
      List<DagTask<Integer>> tasks = shape(shape, nodes);
      double dag = median(reps, () -> new DagExecutor(2).run(tasks, Set.of(), TaskListener.none()));
      double floor = median(reps, () -> pool(shape, nodes));
      System.out.printf("%s nodes=%d dag_ms=%.2f pool_ms=%.2f overhead_per_node_ms=%.4f%n",
          shape, nodes, dag, floor, (dag - floor) / nodes);
    }
  }

  private static List<DagTask<Integer>> shape(String shape, int n) {
    List<DagTask<Integer>> tasks = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Set<String> up = switch (shape) {
        case "chain" -> i == 0 ? Set.of() : Set.of("n" + (i - 1));
        case "wide" -> Set.of();
        default -> i < 10 ? Set.of() : Set.of("n" + (i - 10), "n" + (i - 10 + (i % 10 == 9 ? -9 : 1)));
      };
      tasks.add(DagTask.of("n" + i, up, NO_RETRY, ctx -> 1));
    }
    return tasks;
  }

  private static void pool(String shape, int n) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      if (shape.equals("wide")) {
        List<java.util.concurrent.Future<Integer>> fs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          fs.add(pool.submit(() -> 1));
        }
        for (var f : fs) {
          f.get();
        }
      } else {
        for (int i = 0; i < n; i++) {
          pool.submit(() -> 1).get();
        }
      }
    } finally {
      pool.shutdown();
    }
  }

  interface Work {
    void run() throws Exception;
  }

  private static double median(int reps, Work work) throws Exception {
    for (int i = 0; i < 5; i++) {
      work.run();
    }
    double[] ms = new double[reps];
    for (int i = 0; i < reps; i++) {
      long t = System.nanoTime();
      work.run();
      ms[i] = (System.nanoTime() - t) / 1e6;
    }
    java.util.Arrays.sort(ms);
    return ms[reps / 2];
  }
}
