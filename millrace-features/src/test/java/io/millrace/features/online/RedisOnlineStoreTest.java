package io.millrace.features.online;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.api.ErrorKind;
import io.millrace.api.MillraceException;
import io.millrace.api.features.EntityKey;
import io.millrace.api.features.OnlineStore;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/** The contract on a real Redis (127.0.0.1:6379); each test writes under its own prefix and deletes only that. */
@Tag("services")
class RedisOnlineStoreTest extends OnlineStoreContract {
  static final String URL = "redis://127.0.0.1:6379";
  final String prefix = "millrace-test:" + UUID.randomUUID() + ":";

  @Override
  OnlineStore openFresh() {
    return RedisOnlineStore.open(URL, prefix);
  }

  @Override
  OnlineStore reopen() {
    return RedisOnlineStore.open(URL, prefix);
  }

  @AfterEach
  void deleteMyKeys() {
    try (RedisClient r = RedisClient.create(java.net.URI.create(URL))) {
      var keys = r.keys((prefix + "*").getBytes(StandardCharsets.UTF_8));
      if (!keys.isEmpty()) {
        r.del(keys.toArray(new byte[0][]));
      }
    }
  }

  @Test
  void twoClientsSeeEachOthersWritesAndKeepTheNewerRow() {
    try (OnlineStore other = RedisOnlineStore.open(URL, prefix)) {
      other.write("v", List.of(row(1L, T0.plusSeconds(10), "x", 10L)));
      store.write("v", List.of(row(1L, T0, "x", 1L)));
      assertThat(store.read("v", List.of(EntityKey.of(1L))).get(0).values()).containsEntry("x", 10L);
    }
  }

  @Test
  void aDownRedisIsAnExternalError() {
    assertThatThrownBy(() -> RedisOnlineStore.open("redis://127.0.0.1:1", prefix))
        .isInstanceOf(MillraceException.class)
        .satisfies(e -> assertThat(((MillraceException) e).kind()).isEqualTo(ErrorKind.EXTERNAL))
        .hasMessageContaining("Cannot open the online store redis://127.0.0.1:1");
  }
}
