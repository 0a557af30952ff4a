package io.millrace.features.online;

import io.millrace.api.features.EntityKey;
import io.millrace.api.features.OnlineRow;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A separate writing process for {@link TwoProcessRocksDbTest}: writes, says so, waits for a line, writes again. */
public final class WriterProcess {
  public static void main(String[] args) throws Exception {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
    try (RocksDbOnlineStore store = RocksDbOnlineStore.open(Path.of(args[0]))) {
      store.write("v", List.of(new OnlineRow(EntityKey.of(1L), Instant.ofEpochSecond(100), Map.of("x", 1L))));
      System.out.println("wrote 1");
      System.out.flush();
      in.readLine();
      store.write("v", List.of(new OnlineRow(EntityKey.of(1L), Instant.ofEpochSecond(200), Map.of("x", 2L))));
      System.out.println("wrote 2");
      System.out.flush();
      in.readLine(); // then killed, never closing the store
    }
  }
}
