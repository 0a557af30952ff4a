package io.millrace.cli;

import io.millrace.api.ErrorKind;
import io.millrace.api.MillraceException;
import io.millrace.cli.internal.Console;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code millrace} command. Exit codes: 0 success, 1 run or validation failed, 2 usage or project
 * error, 3 external service failure, 4 internal error.
 */
@Command(name = "millrace", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Data-engineering foundation for machine learning: SQL pipelines into versioned "
        + "Iceberg tables, with quality gates.",
    footer = {"", "Exit codes: 0 success; 1 the run or validation failed; 2 usage or project error; "
        + "3 an external service failed (retryable); 4 internal error.",
        "Run 'millrace help COMMAND' for a command's options."},
    subcommands = {RunCommand.class, PlanCommand.class, RunsCommand.class, ScheduleCommand.class,
        KafkaCommand.class, ProduceCommand.class,
        BackfillCommand.class, SqlCommand.class, TablesCommand.class, ValidateCommand.class,
        ProfileCommand.class, ReportCommand.class, GenerateCommand.class,
        StreamCommand.class, FeaturesCommand.class, TrainingSetCommand.class, CapacityCommand.class,
        ServeCommand.class, LineageCommand.class, LogsCommand.class, AlertsCommand.class, TrainCommand.class, PredictCommand.class, MaterializeCommand.class,
        MaintainCommand.class,
        CommandLine.HelpCommand.class})
public final class Main {
  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the CLI and returns its exit code (for tests and embedding). */
  public static int execute(String... args) {
    Console.maskLogs();
    CommandLine cli = new CommandLine(new Main());
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> handle(e));
    cli.setParameterExceptionHandler((e, argv) -> {
      Console.err("error: " + e.getMessage());
      e.getCommandLine().usage(System.err);
      return ErrorKind.USER.exitCode();
    });
    return cli.execute(args);
  }

  /** The one place that maps exceptions to exit codes. */
  static int handle(Exception e) {
    if (e instanceof MillraceException me) {
      Console.err("error: " + me.getMessage());
      if (me.kind() == ErrorKind.INTERNAL || System.getenv("MILLRACE_DEBUG") != null) {
        Console.stackTrace(me);
      }
      return me.kind().exitCode();
    }
    Console.err("internal error: " + e);
    Console.stackTrace(e);
    return ErrorKind.INTERNAL.exitCode();
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"millrace " + (v == null ? "0.1.0-SNAPSHOT" : v)};
    }
  }
}
