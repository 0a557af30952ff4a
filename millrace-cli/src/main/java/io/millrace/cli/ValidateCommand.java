package io.millrace.cli;

import io.millrace.api.spi.EngineSession;
import io.millrace.cli.internal.InputRelation;
import io.millrace.cli.internal.ProjectContext;
import io.millrace.cli.internal.StandaloneEngine;
import io.millrace.quality.Suite;
import io.millrace.quality.SuiteLoader;
import io.millrace.quality.ValidationOptions;
import io.millrace.quality.ValidationResult;
import io.millrace.quality.Validator;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "validate", description =
    "Validate a CSV/Parquet/JSON-lines file or a warehouse table with an expectation suite "
        + "(Millrace YAML or Great Expectations JSON). Exit code 0 if the suite passed, 1 if not, 2 "
        + "on usage or input errors.")
final class ValidateCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "FILE_OR_TABLE") String input;

  @Option(names = "--suite", required = true, paramLabel = "SUITE", description = "Suite file (.yaml or GE .json).")
  Path suite;

  @picocli.CommandLine.Mixin io.millrace.cli.internal.EngineOption engineOption;

  @Option(names = "--project", paramLabel = "P", description = "Project whose warehouse holds the table.")
  Path project;

  @Option(names = "--format", defaultValue = "table", description = "table or json (GE's validation result shape; default: ${DEFAULT-VALUE})")
  String format;

  @Option(names = "--result-format", defaultValue = "SUMMARY",
      description = "Default result_format: BOOLEAN_ONLY, BASIC, SUMMARY or COMPLETE (default: ${DEFAULT-VALUE})")
  String resultFormat;

  @Override
  public Integer call() {
    Suite loaded = new SuiteLoader().load(suite);
    try (ProjectContext ctx = project == null ? null : ProjectContext.open(project, Map.of());
         StandaloneEngine engine = StandaloneEngine.of(ctx, input, engineOption.type);
         EngineSession session = engine.session()) {
      InputRelation in = InputRelation.resolve(session, input, ctx);
      in.reportRejects();
      ValidationOptions options = ValidationOptions.DEFAULT.withResultFormat(resultFormat.toUpperCase(Locale.ROOT));
      if (ctx != null) {
        options = options.withHistory(in.name(), ctx.runStore());
      }
      ValidationResult result = new Validator().validate(loaded, session, in.relation(), options);
      System.out.print(format.equalsIgnoreCase("json") ? result.toJson() + "\n" : result.toTable());
      return result.success() ? 0 : 1;
    }
  }
}
