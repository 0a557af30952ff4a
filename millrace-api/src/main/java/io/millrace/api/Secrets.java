package io.millrace.api;

import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Masks secrets in text shown to people or stored for them (messages, causes, logs, run records,
 * reports). Three forms are masked: {@code password=...} parameters (also {@code pwd}, {@code
 * secret}, {@code token}), the password of {@code user:password@host} user info — with or without
 * a {@code scheme://} in front, as a driver's "caused by" text shows it — and the values registered
 * with {@link #register} (the environment variables a project reads as secrets). Thread-safe.
 *
 * <p>Millrace applies it where text is produced for output: every {@link MillraceException}
 * message, the error text saved in the run store (with its causes), and the command line's
 * printing (including stack traces and log records).
 */
public final class Secrets {
  private static final Pattern PASSWORD_PARAM =
      Pattern.compile("(?i)((?:password|passwd|pwd|secret|token)=)[^&;\\s]*");
  /** user:password@host, the user not glued to a preceding word character or colon. */
  private static final Pattern USER_INFO =
      Pattern.compile("(?<![\\w.%+~:-])([\\w.%+~-]+:)[^\\s@/:'\"]+@(?=[\\w\\[])");
  private static final String MASK = "***";
  /** Shorter values are too likely to occur by chance (a port, a count) to be masked everywhere. */
  static final int MIN_REGISTERED = 3;
  private static final Set<String> REGISTERED = ConcurrentHashMap.newKeySet();
  private static volatile List<String> longestFirst = List.of();

  private Secrets() {}

  /**
   * Masks every secret-bearing form in {@code text}; null stays null.
   */
  public static String mask(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String s = PASSWORD_PARAM.matcher(text).replaceAll("$1" + MASK);
    s = USER_INFO.matcher(s).replaceAll("$1" + MASK + "@");
    for (String secret : longestFirst) {
      if (s.contains(secret)) {
        s = s.replace(secret, MASK);
      }
    }
    return s;
  }

  /**
   * Masks {@code value} wherever it appears from now on (for the life of the process), when it is
   * at least {@value #MIN_REGISTERED} characters long.
   */
  public static void register(String value) {
    if (value != null && value.length() >= MIN_REGISTERED && REGISTERED.add(value)) {
      longestFirst = REGISTERED.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
    }
  }
}
