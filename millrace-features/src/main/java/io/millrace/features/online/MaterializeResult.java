package io.millrace.features.online;

import java.time.Duration;

/**
 * What {@link Materializer#run} did for one view.
 *
 * @param view the view
 * @param table the warehouse table it read
 * @param mode {@code full} (every row read), {@code incremental} (rows since the last run), or {@code unchanged}
 * @param entities entities written (each entity's latest row)
 * @param took how long the view took
 */
public record MaterializeResult(String view, String table, String mode, long entities, Duration took) {}
