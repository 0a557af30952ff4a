package io.millrace.cli.internal;

import io.millrace.api.MillraceException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The project folder and {@code --var} overrides shared by project commands. */
public final class ProjectOptions {
  @Parameters(index = "0", paramLabel = "PROJECT", description = "Project folder (holds millrace.yaml).")
  public Path project;

  @Option(names = "--var", paramLabel = "NAME=VALUE",
      description = "Override a project variable (repeatable), e.g. --var input=data/big.csv")
  public List<String> vars = List.of();

  public Map<String, String> overrides() {
    Map<String, String> map = new LinkedHashMap<>();
    for (String v : vars) {
      int eq = v.indexOf('=');
      if (eq <= 0) {
        throw MillraceException.user("Cannot read --var '%s': expected NAME=VALUE", v);
      }
      map.put(v.substring(0, eq).trim(), v.substring(eq + 1));
    }
    return map;
  }
}
