package io.millrace.api;

import java.util.regex.Pattern;

/** Masks secrets in text shown to people (messages, logs, reports). */
public final class Secrets {
  private static final Pattern PASSWORD_PARAM =
      Pattern.compile("(?i)((?:password|passwd|pwd|secret|token)=)[^&;\\s]*");
  private static final Pattern USER_INFO = Pattern.compile("(//[^/:@\\s]*:)[^@/\\s]*@");

  private Secrets() {}

  /**
   * Replaces passwords in a JDBC or other URL with {@code ***}: {@code password=...} parameters
   * (also {@code pwd}, {@code secret}, {@code token}) and {@code user:password@} user info. Null stays null.
   */
  public static String mask(String url) {
    if (url == null) {
      return null;
    }
    String s = PASSWORD_PARAM.matcher(url).replaceAll("$1***");
    return USER_INFO.matcher(s).replaceAll("$1***@");
  }
}
