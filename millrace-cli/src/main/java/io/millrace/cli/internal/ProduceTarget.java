package io.millrace.cli.internal;

import io.millrace.api.MillraceException;
import io.millrace.api.project.ProjectSpec;
import io.millrace.api.stream.StreamJobSpec;
import io.millrace.stream.kafka.EmbeddedKafka;
import io.millrace.stream.kafka.EventKind;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Where {@code millrace produce} sends events: the topic, event kind and broker, taken from the
 * flags, else from the project's stream job, else from defaults.
 *
 * @param job the stream job whose topic is used, or null
 * @param bootstrapServers the broker, or null when none is configured or running
 * @param brokerSource how the broker was found, for messages
 */
public record ProduceTarget(String job, String topic, EventKind kind, String bootstrapServers,
                            String brokerSource, int partitions) {

  /**
   * Resolves the target. The job is {@code jobName}, else the project's only job, else the job keyed
   * by the event kind's key field. The broker is {@code servers}, else the job's
   * {@code bootstrap_servers}, else a broker running on the project's {@code .millrace/kafka}.
   */
  public static ProduceTarget resolve(ProjectSpec project, String jobName, String topic, String kindName,
                                      String servers, Integer partitions) {
    List<StreamJobSpec> jobs = List.copyOf(project.streams().values());
    EventKind asked = kindName == null ? null : kind(kindName);
    StreamJobSpec job = pickJob(jobs, jobName, asked);
    EventKind kind = asked != null ? asked
        : job != null && job.key().equals(EventKind.VIEWING.keyField()) ? EventKind.VIEWING : EventKind.USER_EVENTS;
    String t = topic != null ? topic : job != null ? job.topic() : kind.defaultTopic();
    int parts = partitions != null ? partitions : job != null ? job.partitions() : 1;
    if (parts < 1) {
      throw MillraceException.user("Cannot create topic '%s' with %d partitions: use 1 or more", t, parts);
    }
    String name = job == null ? null : job.name();
    if (servers != null) {
      return new ProduceTarget(name, t, kind, servers, "--bootstrap-servers", parts);
    }
    if (job != null && job.bootstrapServers() != null) {
      return new ProduceTarget(name, t, kind, job.bootstrapServers(), "bootstrap_servers of stream job " + name, parts);
    }
    Path dataDir = project.stateDir().resolve("kafka");
    return EmbeddedKafka.runningAt(dataDir)
        .map(s -> new ProduceTarget(name, t, kind, s, "the broker running on " + dataDir, parts))
        .orElseGet(() -> new ProduceTarget(name, t, kind, null, null, parts));
  }

  private static EventKind kind(String name) {
    for (EventKind k : EventKind.values()) {
      if (k.defaultTopic().equals(name.toLowerCase(Locale.ROOT))) {
        return k;
      }
    }
    throw MillraceException.user("Cannot generate events of kind '%s': use user_events or viewing", name);
  }

  private static StreamJobSpec pickJob(List<StreamJobSpec> jobs, String name, EventKind kind) {
    if (name != null) {
      return jobs.stream().filter(j -> j.name().equals(name)).findFirst().orElseThrow(() -> MillraceException.user(
          "Cannot produce for stream job '%s': the project has %s", name,
          jobs.isEmpty() ? "no streams/*.yaml" : "only " + jobs.stream().map(StreamJobSpec::name).toList()));
    }
    if (jobs.size() == 1 && (kind == null || jobs.get(0).key().equals(kind.keyField()))) {
      return jobs.get(0);
    }
    String key = (kind == null ? EventKind.USER_EVENTS : kind).keyField();
    return jobs.stream().filter(j -> j.key().equals(key)).findFirst().orElse(null);
  }
}
