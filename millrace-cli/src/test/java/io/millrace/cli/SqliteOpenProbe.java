package io.millrace.cli;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;

/** Opens an in-memory SQLite database and prints its version: run in a forked JVM by {@link SqliteNativeLibraryTest}. */
final class SqliteOpenProbe {

  private SqliteOpenProbe() {}

  public static void main(String[] args) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:");
        ResultSet rs = c.createStatement().executeQuery("SELECT sqlite_version()")) {
      rs.next();
      System.out.println("sqlite " + rs.getString(1));
    }
  }
}
