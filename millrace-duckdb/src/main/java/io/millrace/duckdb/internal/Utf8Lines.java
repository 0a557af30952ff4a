package io.millrace.duckdb.internal;

import io.millrace.api.MillraceException;
import io.millrace.api.spi.Reject;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Reads a text file line by line when it is not all valid UTF-8: valid lines go into a scratch
 * table {@code (n, line)} through the Appender, each invalid line becomes a {@link Reject} naming its
 * line. The slow path, taken only for files DuckDB's {@code read_text} refuses.
 */
final class Utf8Lines {
  private final SqlExecutor sql;

  Utf8Lines(SqlExecutor sql) {
    this.sql = sql;
  }

  /**
   * Fills a new table {@code <table>(n BIGINT, line VARCHAR)} of the catalog (the Appender cannot
   * write temporary tables; the caller drops it); returns the rejects of undecodable lines.
   */
  List<Reject> load(Path path, String table, String what) {
    sql.execute("CREATE TABLE " + Sql.ident(table) + " (n BIGINT, line VARCHAR)", what);
    List<Reject> rejects = new ArrayList<>();
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    try (InputStream in = new BufferedInputStream(Files.newInputStream(path));
         DuckDBAppender appender = sql.connection().unwrap(DuckDBConnection.class)
             .createAppender(DuckDBConnection.DEFAULT_SCHEMA, table)) {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      long n = 0;
      int b;
      do {
        b = in.read();
        if (b == '\n' || (b < 0 && line.size() > 0)) {
          n++;
          byte[] bytes = line.toByteArray();
          line.reset();
          try {
            String text = decoder.decode(ByteBuffer.wrap(bytes)).toString();
            appender.beginRow();
            appender.append(n);
            appender.append(text);
            appender.endRow();
          } catch (CharacterCodingException e) {
            rejects.add(new Reject(path.toString(), n, null, "INVALID ENCODING: the line is not valid "
                + "UTF-8", new String(bytes, StandardCharsets.UTF_8)));
          }
        } else if (b >= 0) {
          line.write(b);
        }
      } while (b >= 0);
      appender.flush();
    } catch (IOException | SQLException e) {
      throw MillraceException.user("Cannot read %s: %s", path, Errors.message(e));
    }
    return rejects;
  }
}
