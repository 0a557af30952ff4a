package io.millrace.server.console;

/**
 * One output column fed by one input column.
 *
 * @param how identity, transformation or aggregation
 */
public record ColumnEdge(String fromTable, String fromColumn, String toTable, String toColumn, String how) {}
