package io.millrace.stream;

import io.millrace.api.stream.Processing;
import io.millrace.api.stream.StreamJobSpec;

/** The stream tests' user-events job, for tests in other packages. */
public final class StreamRunnerTestJobs {
  private StreamRunnerTestJobs() {}

  /** {@link StreamRunnerTest#job}: user events with lifetime, session and trailing features and rules scoring. */
  public static StreamJobSpec userEvents(String name, Processing processing) {
    return StreamRunnerTest.job(name, processing);
  }
}
