package io.millrace.stream;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.millrace.api.project.EngineSpec;
import io.millrace.api.stream.Processing;
import io.millrace.api.stream.StreamJobSpec;
import io.millrace.duckdb.DuckDbEngine;
import io.millrace.lake.IcebergWarehouse;
import java.nio.file.Path;

/**
 * A stream job in a process of its own, for {@link FaultToleranceTest} to kill hard. Arguments:
 * bootstrap servers, job name, processing, state dir, warehouse dir. Prints {@code in N} (events
 * read so far) every 5 ms; never returns on its own.
 */
public final class StreamChild {
  private StreamChild() {}

  public static void main(String[] args) throws Exception {
    StreamJobSpec job = StreamRunnerTest.job(args[1], Processing.valueOf(args[2]));
    StreamMetrics metrics = new StreamMetrics(new SimpleMeterRegistry(), job.name());
    DuckDbEngine engine = DuckDbEngine.open(EngineSpec.DEFAULT, null);
    IcebergWarehouse wh = IcebergWarehouse.open(Path.of(args[4]));
    StreamRunner r = StreamRunner.start(job, args[0], "test-" + job.name(), Path.of(args[3]),
        StreamRunnerTest.USER_EVENT_RULES, metrics, wh, engine::session, "child-" + job.name());
    while (true) {
      r.check();
      System.out.println("in " + metrics.snapshot().eventsIn());
      System.out.flush();
      Thread.sleep(5);
    }
  }
}
