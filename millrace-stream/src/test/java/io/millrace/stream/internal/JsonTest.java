package io.millrace.stream.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Field names written from their cached encoding read the same as Jackson's own escaping of them. */
class JsonTest {
  @Test
  void cachedFieldNamesWriteTheSameTextAsPlainOnes() throws Exception {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("event_count", 3L);
    values.put("quote\"and\\back", "x");
    values.put("tab\tnew\nline", 1.5);
    values.put("ünïcödé €", true);
    values.put("emoji \uD83D\uDE00", null);
    values.put("ctl\u0001", 7);
    for (int round = 0; round < 2; round++) {   // the second round writes from the cache
      Json.Writer w = new Json.Writer();
      JsonGenerator g = w.start();
      g.writeStartObject();
      Json.writeFields(g, values);
      g.writeEndObject();
      String cached = new String(w.finish(g), StandardCharsets.UTF_8);

      ByteArrayOutputStream plain = new ByteArrayOutputStream();
      try (JsonGenerator p = Json.MAPPER.getFactory().createGenerator(plain)) {
        p.writeStartObject();
        for (Map.Entry<String, Object> e : values.entrySet()) {
          p.writeFieldName(e.getKey());
          Json.write(p, e.getValue());
        }
        p.writeEndObject();
      }
      // the same document; byte for byte except that Jackson escapes a surrogate pair (the emoji) in a
      // plain field name, where the cached encoding writes its UTF-8 bytes: both read back the same
      assertThat(Json.MAPPER.readTree(cached)).isEqualTo(Json.MAPPER.readTree(plain.toByteArray()));
      assertThat(cached.replace("\uD83D\uDE00", "\\uD83D\\uDE00")).isEqualTo(plain.toString(StandardCharsets.UTF_8));
      assertThat(Json.MAPPER.readTree(cached).fieldNames()).toIterable().containsExactlyElementsOf(values.keySet());
    }
    assertThat(Json.name("event_count")).isSameAs(Json.name("event_count"));
  }
}
