package io.millrace.api.run;

import java.time.Instant;

/**
 * One line of a node attempt's log.
 *
 * @param time when it was written
 * @param level INFO, WARN or ERROR
 * @param node the node
 * @param attempt 1-based attempt
 * @param message the text, secrets masked
 */
public record LogLine(Instant time, String level, String node, int attempt, String message) {}
