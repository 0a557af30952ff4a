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
import io.millrace.stream.FeatureEndpoint;
import io.millrace.stream.LiveFeatures;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Prints an entity's features. While {@code millrace stream} runs the job, it answers from the
 * job's state store through the job's loopback {@link FeatureEndpoint} (advertised in
 * {@code .millrace/streams/<job>.endpoint}); otherwise from the job's {@code <job>_features} table,
 * as of the lake sink's last commit, and says so.
 */
@Command(name = "features", description = {"Print an entity's current features: from the running stream job's state store "
    + "when `millrace stream` runs it, else from its <job>_features table (as of the last lake commit)."})
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
      Optional<LiveFeatures.Answer> live = LiveFeatures.query(FeatureEndpoint.file(ctx.spec().stateDir(), job.name()), key);
      if (live.isPresent()) {
        return printLive(job, live.get());
      }
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
        m.put("_live", false);
        System.out.println(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(m));
      } else {
        System.out.println("features of " + job.key() + " = " + key + " (from table " + table + ", snapshot "
            + last.snapshotId() + ")");
        System.out.println("(as of the last lake commit at " + last.committedAt() + "; job not running)");
        for (int i = 0; i < r.columns().size(); i++) {
          System.out.printf("  %-24s %s%n", r.columns().get(i), r.rows().get(0).get(i));
        }
      }
      return 0;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw MillraceException.internal(e, "Cannot print features");
    }
  }

  private int printLive(StreamJobSpec job, LiveFeatures.Answer a) throws com.fasterxml.jackson.core.JsonProcessingException {
    if (!a.found()) {
      System.err.println("no features for " + job.key() + " = " + key + " in the state of running stream job '" + job.name()
          + "' (" + a.address() + ")");
      return 1;
    }
    if (format.equals("json")) {
      java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
      m.put(job.key(), key);
      m.putAll(a.features());
      m.put("_source", a.address());
      m.put("_live", true);
      System.out.println(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(m));
    } else {
      System.out.println("features of " + job.key() + " = " + key + " (live, from the state store of running stream job '"
          + job.name() + "' at " + a.address() + ")");
      a.features().forEach((k, v) -> System.out.printf("  %-24s %s%n", k, v));
    }
    return 0;
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
