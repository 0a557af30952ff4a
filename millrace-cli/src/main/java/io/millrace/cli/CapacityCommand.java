package io.millrace.cli;

import io.millrace.api.MillraceException;
import io.millrace.api.stream.StreamJobSpec;
import io.millrace.cli.internal.ProjectContext;
import io.millrace.cli.internal.ProjectOptions;
import io.millrace.core.math.Queueing;
import io.millrace.core.project.Durations;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "capacity", description = {
    "Queueing model (M/M/1) of each stream job from its last recorded run: arrival rate λ, service rate μ, "
        + "utilisation ρ = λ/μ, mean queue ρ²/(1−ρ), mean wait ρ/(μ(1−ρ)), stable or not, and the service rate "
        + "and instance count needed for a target wait."})
final class CapacityCommand implements Callable<Integer> {
  @Mixin ProjectOptions project;

  @Option(names = "--job", paramLabel = "JOB", description = "Only this job.")
  String jobName;

  @Option(names = "--target-wait", paramLabel = "DURATION", defaultValue = "50ms",
      description = "Mean wait to size for (default: ${DEFAULT-VALUE}).")
  String targetWait;

  @Option(names = "--arrival-rate", paramLabel = "EPS", description = "Assume this arrival rate (events/s) instead of the observed one.")
  Double arrivalRate;

  @Override
  public Integer call() {
    Duration target = Durations.parse(targetWait);
    if (target.isZero() || target.isNegative()) {
      throw MillraceException.user("Cannot size for --target-wait %s: it must be positive", targetWait);
    }
    try (ProjectContext ctx = ProjectContext.open(project.project, project.overrides())) {
      List<StreamJobSpec> jobs = ctx.spec().streams().values().stream()
          .filter(j -> jobName == null || j.name().equals(jobName)).toList();
      if (jobs.isEmpty()) {
        throw MillraceException.user("Cannot model capacity: project '%s' has no stream job%s", ctx.spec().name(),
            jobName == null ? "s" : " '" + jobName + "'");
      }
      for (StreamJobSpec job : jobs) {
        // μ: the best rate observed in recent runs (a replay throttled by --rate only shows a lower bound)
        List<Double> mu = ctx.runStore().values(job.name(), "", "service_rate_eps", 20).stream()
            .max(Double::compare).map(List::of).orElse(List.of());
        List<Double> lambda = ctx.runStore().values(job.name(), "", "arrival_rate_eps", 1);   // the latest
        if (mu.isEmpty() || (lambda.isEmpty() && arrivalRate == null)) {
          System.out.println(job.name() + ": no observed rates yet (run `millrace stream " + project.project
              + " --job " + job.name() + " --replay N` or give --arrival-rate)");
          continue;
        }
        print(job.name(), new Queueing(arrivalRate != null ? arrivalRate : lambda.get(0), mu.get(0)),
            target.toNanos() / 1e9, arrivalRate != null);
      }
      return 0;
    }
  }

  private static void print(String job, Queueing q, double target, boolean assumed) {
    System.out.printf(Locale.ROOT, "%s%n", job);
    System.out.printf(Locale.ROOT, "  arrival rate λ     %,.0f events/s%s%n", q.arrivalRate(), assumed ? " (assumed)" : " (observed)");
    System.out.printf(Locale.ROOT, "  service rate μ     %,.0f events/s (best observed in recent runs, one instance)%n", q.serviceRate());
    System.out.printf(Locale.ROOT, "  utilisation ρ      %.3f%n", q.utilization());
    System.out.printf(Locale.ROOT, "  stable             %s%n", q.stable() ? "yes" : "no: the queue grows without bound");
    if (q.stable()) {
      System.out.printf(Locale.ROOT, "  mean queue         %.3f events%n", q.meanQueueLength());
      System.out.printf(Locale.ROOT, "  mean wait          %.3f ms%n", q.meanWaitSeconds() * 1000);
    }
    System.out.printf(Locale.ROOT, "  for a %.0f ms wait  μ ≥ %,.0f events/s, or %d instance(s) at the observed μ%n",
        target * 1000, q.serviceRateFor(target), q.instancesFor(target));
  }
}
