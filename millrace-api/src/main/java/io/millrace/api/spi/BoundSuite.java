package io.millrace.api.spi;

import java.nio.file.Path;

/** A suite loaded and bound to a table's schema at plan time. Immutable. */
public interface BoundSuite {
  /** Suite name ({@code expectation_suite_name} or file name). */
  String name();

  /** The suite file. */
  Path file();

  /** True when the suite has row-level expectations (so rows can be quarantined). */
  boolean hasRowLevelExpectations();
}
