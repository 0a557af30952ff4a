package io.millrace.cli;

import io.millrace.api.spi.EngineSession;
import io.millrace.cli.internal.Console;
import io.millrace.cli.internal.InputRelation;
import io.millrace.cli.internal.ProjectContext;
import io.millrace.cli.internal.StandaloneEngine;
import io.millrace.quality.profile.Profile;
import io.millrace.quality.profile.ProfileOptions;
import io.millrace.quality.profile.Profiler;
import io.millrace.quality.profile.Suggester;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "profile", description =
    "Profile a CSV/Parquet/JSON-lines file or a warehouse table: per column type, null %%, "
        + "distinct count, min/max/mean, top values, Shannon entropy with storage advice, and with "
        + "--target the information gain of each column for that label.")
final class ProfileCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "FILE_OR_TABLE") String input;

  @Option(names = "--project", paramLabel = "P", description = "Project whose warehouse holds the table.")
  Path project;

  @Option(names = "--target", paramLabel = "COLUMN", description = "Label column: report information gain for it.")
  String target;

  @Option(names = "--format", defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE})")
  String format;

  @Option(names = "--top", defaultValue = "5", description = "Top values per column (default: ${DEFAULT-VALUE})")
  int top;

  @Option(names = "--suggest", paramLabel = "SUITE.yaml", description = "Write a starter expectation suite from the profile.")
  Path suggest;

  @Override
  public Integer call() throws Exception {
    try (ProjectContext ctx = project == null ? null : ProjectContext.open(project, Map.of());
         StandaloneEngine engine = StandaloneEngine.of(ctx, input);
         EngineSession session = engine.session()) {
      InputRelation in = InputRelation.resolve(session, input, ctx);
      in.reportRejects();
      Profile profile = new Profiler().profile(session, in.relation(), target,
          new ProfileOptions(top, ProfileOptions.DEFAULTS.valueSetMax()));
      System.out.print(format.equalsIgnoreCase("json") ? profile.toJson() + "\n" : profile.toTable());
      if (suggest != null) {
        Files.writeString(suggest, Suggester.suggest(profile, in.name()));
        Console.err("wrote starter suite " + suggest);
      }
      return 0;
    }
  }
}
