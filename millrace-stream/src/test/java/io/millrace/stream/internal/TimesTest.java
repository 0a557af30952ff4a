package io.millrace.stream.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TimesTest {
  @Test
  void readsTheCommonUtcFormDirectlyAsTheIsoParserDoes() {
    SplittableRandom random = new SplittableRandom(11);
    for (int i = 0; i < 20_000; i++) {
      Instant t = Instant.ofEpochSecond(random.nextLong(-62_000_000_000L, 250_000_000_000L), random.nextInt(1_000_000_000));
      String iso = t.toString();   // fractions of 0, 3, 6 or 9 digits
      int cut = random.nextInt(10);
      String s = iso.contains(".") && cut > 0 ? iso.substring(0, Math.min(iso.length() - 1, iso.indexOf('.') + 1 + cut)) + "Z" : iso;
      Instant expected = OffsetDateTime.parse(s).toInstant();
      if (s.length() >= 20 && s.charAt(4) == '-') {
        assertThat(Times.utc(s)).as(s).isEqualTo(expected);
      }
      assertThat(Times.parseInstant(s)).as(s).isEqualTo(expected);
    }
  }

  @Test
  void leavesEveryOtherFormToTheIsoParser() {
    assertThat(Times.parseInstant("2025-01-15T13:45:12.345+02:00")).isEqualTo(Instant.parse("2025-01-15T11:45:12.345Z"));
    assertThat(Times.parseInstant("2025-01-15 13:45:12")).isEqualTo(Instant.parse("2025-01-15T13:45:12Z"));
    assertThat(Times.parseInstant(" 2025-01-15T13:45:12Z ")).isEqualTo(Instant.parse("2025-01-15T13:45:12Z"));
    assertThat(Times.parseInstant("2024-02-29T00:00:00Z")).isEqualTo(Instant.parse("2024-02-29T00:00:00Z"));
    for (String bad : new String[] {"2025-02-29T00:00:00Z", "2025-01-15T24:00:00Z", "2025-01-15T13:60:00Z",
        "2025-01-15T13:45:60Z", "2025-01-15T13:45:12.Z", "2025-01-15T13:45:12.1234567890Z", "2025-13-01T00:00:00Z",
        "2025-1a-01T00:00:00Z", "not-a-time", "15/01/2025 25:61"}) {
      assertThat(Times.utc(bad)).as(bad).isNull();
      Object general;
      try {
        general = OffsetDateTime.parse(bad.trim().replace(' ', 'T')).toInstant();
      } catch (DateTimeParseException e) {
        try {
          general = java.time.LocalDateTime.parse(bad.trim().replace(' ', 'T')).toInstant(java.time.ZoneOffset.UTC);
        } catch (DateTimeParseException e2) {
          general = null;
        }
      }
      if (general == null) {
        assertThatThrownBy(() -> Times.parseInstant(bad)).as(bad).isInstanceOf(DateTimeParseException.class);
      } else {
        assertThat(Times.parseInstant(bad)).as(bad).isEqualTo(general);
      }
    }
  }

  @Test
  void writesInstantsAndTimestampsExactlyAsTheJdkDoes() {
    SplittableRandom random = new SplittableRandom(5);
    long[] edges = {0, 1, -1, 999, 1000, -1000, -62_167_219_200_000L, -62_167_219_200_001L, 253_402_300_799_999L,
        253_402_300_800_000L, 1_736_948_712_340L, 1_736_948_700_000L};
    for (long ms : edges) {
      assertThat(Times.iso(ms)).isEqualTo(Instant.ofEpochMilli(ms).toString());
    }
    for (int i = 0; i < 50_000; i++) {
      long ms = random.nextLong(-70_000_000_000_000L, 260_000_000_000_000L);
      if (random.nextInt(4) == 0) {
        ms -= Math.floorMod(ms, random.nextBoolean() ? 1000L : 60_000L);   // whole seconds and minutes
      }
      assertThat(Times.iso(ms)).isEqualTo(Instant.ofEpochMilli(ms).toString());
      java.time.LocalDateTime t = java.time.LocalDateTime.ofEpochSecond(Math.floorDiv(ms, 1000L),
          random.nextInt(3) == 0 ? random.nextInt(1_000_000_000) : (int) Math.floorMod(ms, 1000L) * 1_000_000,
          java.time.ZoneOffset.UTC);
      assertThat(Times.iso(t)).isEqualTo(t.toString());
    }
  }
}
