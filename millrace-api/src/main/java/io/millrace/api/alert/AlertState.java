package io.millrace.api.alert;

/** State of an alert for one subject. */
public enum AlertState {
  FIRING, RESOLVED;

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
