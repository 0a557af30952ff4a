package io.millrace.api.run;

/** State of one node (source, model or export) in a run. */
public enum NodeState {
  PENDING, RUNNING, UP_FOR_RETRY, SUCCESS, FAILED, UPSTREAM_FAILED, CANCELLED, SKIPPED;

  public boolean terminal() {
    return this == SUCCESS || this == FAILED || this == UPSTREAM_FAILED || this == CANCELLED
        || this == SKIPPED;
  }
}
