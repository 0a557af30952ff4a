/**
 * Declared per-entity features of stream jobs, and how they are scored. These records are the one
 * definition that the stream state engine evaluates event by event and that compiles to batch SQL
 * for training sets, so that both compute the same values. JDK only.
 */
package io.millrace.api.stream;
