package io.millrace.api.spi;

/**
 * An input line that could not be read.
 *
 * @param file the source file
 * @param line 1-based line number in the file
 * @param column the column at fault, or null when the whole line is malformed
 * @param reason the engine's error (type and message)
 * @param original the raw line as read
 */
public record Reject(String file, long line, String column, String reason, String original) {}
