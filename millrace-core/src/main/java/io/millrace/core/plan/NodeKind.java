package io.millrace.core.plan;

/** What a plan node does. */
public enum NodeKind {
  /** Reads a declared source and commits it as a warehouse table. */
  SOURCE,
  /** Runs a SQL model and materializes it (table, incremental or view). */
  MODEL,
  /** Copies a committed table to a file or database. */
  EXPORT
}
