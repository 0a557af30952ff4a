package io.millrace.api.spi;

/**
 * The rows of a REPLACE export copied to a staging place of its target that the target's readers do
 * not see ({@link EngineSession#stageExport}), waiting to be published or discarded. Published or
 * discarded once; either may be called from another thread than the one that staged it.
 */
public interface StagedExport {
  /** Rows staged. */
  long rows();

  /** Makes the staged rows the target's contents in one change, replacing what it held. */
  void publish();

  /** Removes the staged rows; the target keeps what it held. Never throws (a failure is logged). */
  void discard();
}
