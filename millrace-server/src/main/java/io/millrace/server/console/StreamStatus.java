package io.millrace.server.console;

/**
 * A stream job's observed rates and its M/M/1 model (nulls where nothing was observed yet).
 *
 * @param arrivalRate λ, events/s in (latest run)
 * @param serviceRate μ, best events/s one instance processed in recent runs
 * @param deadLetters events dead-lettered in the latest run
 * @param utilization ρ = λ/μ
 * @param meanQueue ρ²/(1−ρ) events, null when unstable
 * @param meanWaitMs ρ/(μ(1−ρ)) in ms, null when unstable
 * @param eventsIn events read in the latest run
 * @param latencyP50Ms event-to-output latency, median, in the latest run
 * @param latencyP99Ms the same, 99th percentile
 * @param lag the live consumer lag, read when asked; null when not read
 */
public record StreamStatus(String job, String inputTopic, Double arrivalRate, Double serviceRate, Double deadLetters,
                           Double utilization, Double meanQueue, Double meanWaitMs, Boolean stable, Double eventsIn,
                           Double latencyP50Ms, Double latencyP99Ms, StreamLag lag) {
  /** Without a live lag reading. */
  public StreamStatus(String job, String inputTopic, Double arrivalRate, Double serviceRate, Double deadLetters,
                      Double utilization, Double meanQueue, Double meanWaitMs, Boolean stable, Double eventsIn,
                      Double latencyP50Ms, Double latencyP99Ms) {
    this(job, inputTopic, arrivalRate, serviceRate, deadLetters, utilization, meanQueue, meanWaitMs, stable, eventsIn,
        latencyP50Ms, latencyP99Ms, null);
  }

  /** This status with a live lag reading. */
  public StreamStatus withLag(StreamLag reading) {
    return new StreamStatus(job, inputTopic, arrivalRate, serviceRate, deadLetters, utilization, meanQueue, meanWaitMs,
        stable, eventsIn, latencyP50Ms, latencyP99Ms, reading);
  }
}
