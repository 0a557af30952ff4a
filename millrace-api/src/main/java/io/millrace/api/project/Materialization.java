package io.millrace.api.project;

/** How a model's result is stored. */
public enum Materialization {
  /** Full refresh: each run commits a new snapshot replacing the table's contents. */
  TABLE,
  /** Append new rows, or merge on {@code unique_key} (copy-on-write), per run or per interval. */
  INCREMENTAL,
  /** Not stored: downstream models read the SQL inline. */
  VIEW
}
