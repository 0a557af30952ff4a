/**
 * Alerts: configuration ({@code alerts:} in {@code millrace.yaml}) and history records. Evaluation and
 * delivery live in {@code millrace-server}; the run store keeps the history.
 */
package io.millrace.api.alert;
