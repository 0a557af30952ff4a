package io.millrace.core.lineage;

import io.millrace.api.project.ProjectSpec;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a project's OpenLineage events go ({@code lineage:} in millrace.yaml):
 * <pre>
 * lineage: {transport: file}                                              # the default
 * lineage: {transport: http, url: http://127.0.0.1:5000/api/v1/lineage}  # Marquez
 * lineage: {transport: none}
 * </pre>
 *
 * @param transport FILE appends JSON lines to {@code .millrace/lineage/events.jsonl}; HTTP posts
 *     each event to {@code url}, keeping those it cannot deliver in {@code .millrace/lineage/spool.jsonl}
 *     for the next run; NONE emits nothing
 * @param url the HTTP endpoint (HTTP only)
 * @param namespace the job namespace (default {@code millrace://<project>})
 * @param timeout per HTTP request
 */
public record LineageConfig(Transport transport, URI url, String namespace, Duration timeout) {
  public enum Transport { FILE, HTTP, NONE }

  /** Settings read with each project, by project folder (see {@link #remember}). */
  private static final Map<Path, LineageConfig> READ = new ConcurrentHashMap<>();

  public LineageConfig {
    Objects.requireNonNull(transport, "transport");
    timeout = timeout == null ? Duration.ofSeconds(5) : timeout;
  }

  /** The default: a JSONL file. */
  public static LineageConfig file() {
    return new LineageConfig(Transport.FILE, null, null, null);
  }

  /**
   * Called by the project reader with the {@code lineage:} settings of the project in {@code root}
   * (the section is validated and bound there, with the other settings, so its errors surface when the
   * project loads; it is kept here rather than in the shared ProjectSpec record).
   */
  public static void remember(Path root, LineageConfig config) {
    READ.put(root.toAbsolutePath().normalize(), config);
  }

  /** The settings of a loaded project; {@link #file()} when it has none. */
  public static LineageConfig of(ProjectSpec project) {
    return READ.getOrDefault(project.root().toAbsolutePath().normalize(), file());
  }

  /** The job namespace: as configured, else {@code millrace://<project>}. */
  public String namespaceFor(ProjectSpec project) {
    return namespace != null ? namespace : "millrace://" + project.name();
  }
}
