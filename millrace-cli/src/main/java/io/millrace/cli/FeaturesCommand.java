package io.millrace.cli;

import io.millrace.api.MillraceException;
import io.millrace.api.SqlText;
import io.millrace.api.spi.EngineSession;
import io.millrace.api.spi.QueryResult;
import io.millrace.api.spi.SnapshotInfo;
import io.millrace.api.stream.StreamJobSpec;
import io.millrace.cli.internal.ProjectContext;
import io.millrace.cli.internal.ProjectOptions;
import io.millrace.cli.internal.WarehouseViews;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Prints an entity's features. A running job answers from its state store through
 * {@code io.millrace.stream.StreamJob#features} (the Java API a server puts behind HTTP); this
 * command runs in its own process, so it reads the job's {@code <job>_features} table: the features
 * as of the lake sink's last commit (at most {@code commit_interval} behind a running job).
 */
@Command(name = "features", description = {"Print an entity's current features from a stream job's <job>_features table "
    + "(as of the last lake commit; a running job's state store is queried through the Java API StreamJob.features)."})
final class FeaturesCommand implements Callable<Integer> {
  @Mixin ProjectOptions project;

  @Parameters(index = "1", paramLabel = "ENTITY_KEY", description = "The entity key, e.g. a user id.")
  String key;

  @Option(names = "--job", paramLabel = "JOB", description = "The stream job (needed when the project has several with features).")
  String jobName;

  @Option(names = "--format", defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE})")
  String format;

  @Override
  public Integer call() {
    try (ProjectContext ctx = ProjectContext.open(project.project, project.overrides());
         EngineSession session = ctx.engine().session()) {
      StreamJobSpec job = job(ctx);
      String table = job.featuresTable();
      if (!ctx.warehouse().exists(table)) {
        throw MillraceException.user("Cannot read features of '%s': table %s does not exist yet (run `millrace stream %s --job %s` first)",
            key, table, project.project, job.name());
      }
      WarehouseViews.register(session, ctx.warehouse(), null);
      QueryResult r = session.query("SELECT * FROM " + SqlText.ident(table) + " WHERE CAST(" + SqlText.ident(job.key())
          + " AS VARCHAR) = " + SqlText.string(key));
      if (r.rows().isEmpty()) {
        System.err.println("no features for " + job.key() + " = " + key + " in " + table);
        return 1;
      }
      List<SnapshotInfo> snaps = ctx.warehouse().snapshots(table);
      SnapshotInfo last = snaps.get(snaps.size() - 1);
      if (format.equals("json")) {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < r.columns().size(); i++) {
          Object v = r.rows().get(0).get(i);
          m.put(r.columns().get(i), v instanceof java.time.temporal.Temporal ? v.toString() : v);
        }
        m.put("_source", table + "@" + last.snapshotId());
        System.out.println(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(m));
      } else {
        System.out.println("features of " + job.key() + " = " + key + " (from table " + table + ", snapshot "
            + last.snapshotId() + " committed " + last.committedAt() + ")");
        for (int i = 0; i < r.columns().size(); i++) {
          System.out.printf("  %-24s %s%n", r.columns().get(i), r.rows().get(0).get(i));
        }
      }
      return 0;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw MillraceException.internal(e, "Cannot print features");
    }
  }

  private StreamJobSpec job(ProjectContext ctx) {
    List<StreamJobSpec> withFeatures = ctx.spec().streams().values().stream().filter(j -> j.features() != null).toList();
    if (jobName != null) {
      StreamJobSpec j = ctx.spec().streams().get(jobName);
      if (j == null || j.features() == null) {
        throw MillraceException.user("Cannot read features from stream job '%s': %s (jobs with features: %s)", jobName,
            j == null ? "no such job" : "it declares no features", withFeatures.stream().map(StreamJobSpec::name).toList());
      }
      return j;
    }
    if (withFeatures.size() != 1) {
      throw MillraceException.user("Cannot pick a stream job: project '%s' has %d jobs with features %s; use --job",
          ctx.spec().name(), withFeatures.size(), withFeatures.stream().map(StreamJobSpec::name).toList());
    }
    return withFeatures.get(0);
  }
}
