package io.millrace.api.project;

/** Formats a declared source can be read from. */
public enum SourceFormat { CSV, JSONL, PARQUET, JDBC }
