package io.millrace.server.console;

/**
 * Writes the console and the API may ask for. Runs start in the background in the server process and
 * hold the project's run lock, so a second run of the project is refused while one is going.
 * Each method returns a one-line outcome for the user, or throws
 * {@link io.millrace.api.MillraceException} (USER: bad argument or state; EXTERNAL: the project is
 * busy) saying why it was refused.
 */
public interface ConsoleActions {
  /** Starts a manual run. */
  String trigger();

  /** Runs every schedule interval starting in [from, to) (dates or ISO times). */
  String backfill(String from, String to);

  /** Re-runs what did not succeed in a failed or cancelled run. */
  String resume(String runId);

  /** Cancels a run this server is running. */
  String cancel(String runId);
}
