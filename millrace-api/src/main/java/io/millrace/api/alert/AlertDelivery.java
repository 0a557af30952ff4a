package io.millrace.api.alert;

import io.millrace.api.Secrets;
import java.util.Objects;

/**
 * Where an alert's notifications go: an HTTP webhook (JSON POST), the log (standard error), or a command
 * (run by the shell, with the JSON body on standard input). A webhook URL may carry a token: it is
 * registered as a secret and {@link #toString} masks it.
 *
 * @param kind webhook, log or command
 * @param target the URL or the command line; empty for log
 */
public record AlertDelivery(Kind kind, String target) {
  public enum Kind { WEBHOOK, LOG, COMMAND }

  public AlertDelivery {
    Objects.requireNonNull(kind, "kind");
    target = target == null ? "" : target;
  }

  public static AlertDelivery webhook(String url) {
    return new AlertDelivery(Kind.WEBHOOK, url);
  }

  public static AlertDelivery log() {
    return new AlertDelivery(Kind.LOG, "");
  }

  public static AlertDelivery command(String command) {
    return new AlertDelivery(Kind.COMMAND, command);
  }

  /** For people: {@code webhook http://host/***}, {@code log}, {@code command ...}, secrets masked. */
  @Override
  public String toString() {
    return switch (kind) {
      case LOG -> "log";
      case WEBHOOK -> "webhook " + Secrets.mask(maskPath(target));
      case COMMAND -> "command " + Secrets.mask(target);
    };
  }

  /** Webhook paths often are the secret (Slack's /services/T000/B000/XXXX): show scheme and host only. */
  private static String maskPath(String url) {
    int scheme = url.indexOf("://");
    int slash = scheme < 0 ? -1 : url.indexOf('/', scheme + 3);
    return slash < 0 || slash == url.length() - 1 ? url : url.substring(0, slash) + "/***";
  }
}
