package io.millrace.stream.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.stream.kafka.internal.DiskBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskBufferTest {
  @TempDir Path dir;

  @Test
  void keepsRecordsAcrossProcessesAndResumesAfterTheLastAcknowledgedChunk() {
    try (DiskBuffer b = DiskBuffer.open(dir)) {
      for (int i = 0; i < 10; i++) {
        b.append(i % 3 == 0 ? null : bytes("k" + i), bytes("v" + i));
      }
    }
    try (DiskBuffer b = DiskBuffer.open(dir)) {
      assertThat(b.pending()).isEqualTo(10);
      Path seg = b.oldest();
      DiskBuffer.Pending p = b.unforwarded(seg);
      assertThat(p.entries()).hasSize(10);
      assertThat(p.entries().get(0).key()).isNull();
      assertThat(new String(p.entries().get(4).value(), StandardCharsets.UTF_8)).isEqualTo("v4");
      b.acknowledged(seg, 4, false); // the first 4 reached the broker, then the process died
    }
    try (DiskBuffer b = DiskBuffer.open(dir)) {
      assertThat(b.pending()).isEqualTo(6);
      DiskBuffer.Pending p = b.unforwarded(b.oldest());
      assertThat(p.forwarded()).isEqualTo(4);
      assertThat(values(p)).containsExactly("v4", "v5", "v6", "v7", "v8", "v9");
      b.acknowledged(p.segment(), 10, true);
      assertThat(b.isEmpty()).isTrue();
      assertThat(b.oldest()).isNull();
    }
  }

  @Test
  void cutsOffARecordTornByACrash() throws Exception {
    try (DiskBuffer b = DiskBuffer.open(dir)) {
      b.append(bytes("a"), bytes("first"));
      b.append(bytes("b"), bytes("second"));
    }
    Path seg;
    try (var files = Files.list(dir)) {
      seg = files.filter(f -> f.toString().endsWith(".seg")).findFirst().orElseThrow();
    }
    long intact = Files.size(seg);
    Files.write(seg, new byte[] {0, 0, 0, 1, 0, 0, 0, 9, 'c', 't', 'o'}, StandardOpenOption.APPEND); // half a record
    try (DiskBuffer b = DiskBuffer.open(dir)) {
      assertThat(b.pending()).isEqualTo(2);
      assertThat(values(b.unforwarded(b.oldest()))).containsExactly("first", "second");
      assertThat(Files.size(seg)).isEqualTo(intact);
      b.append(bytes("d"), bytes("third")); // appends go to a new segment, after the recovered ones
      assertThat(b.pending()).isEqualTo(3);
    }
  }

  @Test
  void aPartlyDeliveredSegmentKeepsOnlyWhatWasNotAcknowledgedAndStaysFirst() {
    try (DiskBuffer b = DiskBuffer.open(dir)) {
      for (int i = 0; i < 5; i++) {
        b.append(bytes("k"), bytes("v" + i));
      }
      Path first = b.oldest();
      b.append(bytes("k"), bytes("later")); // a new segment, after the first
      var pending = b.unforwarded(first);
      b.keepOnly(first, List.of(pending.entries().get(1), pending.entries().get(3)));
      assertThat(b.pending()).isEqualTo(3);
    }
    try (DiskBuffer b = DiskBuffer.open(dir)) {
      assertThat(b.pending()).isEqualTo(3);
      Path oldest = b.oldest();
      assertThat(values(b.unforwarded(oldest))).containsExactly("v1", "v3");
      b.acknowledged(oldest, 2, true);
      assertThat(values(b.unforwarded(b.oldest()))).containsExactly("later");
    }
  }

  private static List<String> values(DiskBuffer.Pending p) {
    return p.entries().stream().map(e -> new String(e.value(), StandardCharsets.UTF_8)).toList();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
