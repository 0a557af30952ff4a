package io.millrace.duckdb.internal;

import java.util.regex.Pattern;

/** JDBC URLs as they may appear in messages: passwords masked. */
public final class JdbcUrls {
  private static final Pattern PASSWORD_PARAM =
      Pattern.compile("(?i)((?:password|pwd|passwd)=)[^&;]*");
  private static final Pattern USER_INFO = Pattern.compile("(//[^/:@]+:)[^@/]*@");

  private JdbcUrls() {}

  public static String masked(String url) {
    if (url == null) {
      return "null";
    }
    String m = PASSWORD_PARAM.matcher(url).replaceAll("$1***");
    return USER_INFO.matcher(m).replaceAll("$1***@");
  }
}
