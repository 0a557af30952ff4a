package io.millrace.core.exec;

import io.millrace.api.project.RetryPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Micro measurement (not a test): scheduling overhead per node of a 1,000-node DAG of no-op tasks
 * with random fan-in up to 3. Run with
 * {@code java -cp millrace-core/target/classes:millrace-core/target/test-classes:<api jar> io.millrace.core.exec.DagExecutorOverhead}.
 */
public final class DagExecutorOverhead {
  public static void main(String[] args) {
    int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    RetryPolicy once = new RetryPolicy(0, Duration.ZERO, 1, Duration.ZERO, Duration.ZERO);
    Random random = new Random(42);
    List<DagTask<Integer>> tasks = new ArrayList<>();
    for (int i = 0; i < nodes; i++) {
      Set<String> up = new java.util.HashSet<>();
      for (int k = 0; k < 3 && i > 0; k++) {
        up.add("n" + random.nextInt(i));
      }
      tasks.add(DagTask.of("n" + i, up, once, c -> 0));
    }
    for (int round = 0; round < 20; round++) {
      long t0 = System.nanoTime();
      DagResult<Integer> r = new DagExecutor(threads).run(tasks, Set.of(), e -> { });
      long ns = System.nanoTime() - t0;
      if (!r.succeeded()) {
        throw new AssertionError("run failed");
      }
      System.out.printf("round %2d: %d nodes in %.2f ms = %.1f us/node%n", round, nodes, ns / 1e6,
          ns / 1e3 / nodes);
    }
  }
}
