package io.millrace.cli.internal;

import picocli.CommandLine.Option;

/** {@code --engine duckdb|spark}: runs a project on another engine than its {@code engine.type}. */
public final class EngineOption {
  @Option(names = "--engine", paramLabel = "TYPE",
      description = "Engine to run on, overriding the project's engine.type: duckdb or spark "
          + "(spark needs millrace-spark on the class path; the ./millrace launcher adds it)")
  public String type;
}
