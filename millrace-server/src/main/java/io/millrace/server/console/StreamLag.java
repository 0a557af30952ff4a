package io.millrace.server.console;

import java.util.List;

/**
 * A stream job's live consumer lag, read from its broker when the page was requested: the consumer
 * group's committed offset against the input topic's end offset, per partition.
 *
 * @param status {@code ok}; {@code not_running} (no broker configured and the project's embedded
 *     broker is not running); {@code unreachable} (no answer within the timeout); {@code no_topic};
 *     {@code no_group} (the broker answered, but the job has committed no offset yet)
 * @param bootstrapServers where it was read, null when {@code not_running}
 * @param group the consumer group read, null when none was found
 * @param groupState Kafka's group state: {@code Stable} while the job consumes, {@code Empty} when stopped
 * @param total records behind, summed over partitions; null unless {@code ok}
 * @param message why, for the statuses other than {@code ok}
 * @param millis how long the reading took
 */
public record StreamLag(String status, String bootstrapServers, String group, String groupState, Long total,
                        List<PartitionLag> partitions, String message, long millis) {
  public StreamLag {
    partitions = List.copyOf(partitions);
  }

  /** No broker to ask: the job names none and the project's embedded broker is not running. */
  public static StreamLag notRunning() {
    return new StreamLag("not_running", null, null, null, null, List.of(),
        "not running: no bootstrap_servers and the project's embedded broker is not running", 0);
  }

  /**
   * One partition.
   *
   * @param committed the group's committed offset, null when it has none
   * @param end the topic's end offset
   * @param lag {@code end - committed} ({@code end} when nothing was committed)
   */
  public record PartitionLag(int partition, Long committed, long end, long lag) {}
}
