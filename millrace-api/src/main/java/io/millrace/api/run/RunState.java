package io.millrace.api.run;

/** State of a whole run. */
public enum RunState { RUNNING, SUCCESS, FAILED, CANCELLED }
