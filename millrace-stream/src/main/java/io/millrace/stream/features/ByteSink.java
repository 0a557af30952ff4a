package io.millrace.stream.features;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growing byte buffer with zig-zag varints: the compact state encoding. Not thread-safe. */
final class ByteSink {
  private byte[] buf;
  private int size;

  ByteSink() {
    this(64);
  }

  ByteSink(int capacity) {
    buf = new byte[Math.max(16, capacity)];
  }

  void u8(int b) {
    ensure(1);
    buf[size++] = (byte) b;
  }

  /** Unsigned LEB128 of a non-negative value. */
  void uvarint(long v) {
    ensure(10);
    while ((v & ~0x7FL) != 0) {
      buf[size++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    buf[size++] = (byte) v;
  }

  /** Zig-zag varint: small magnitudes of either sign take few bytes. */
  void varlong(long v) {
    uvarint((v << 1) ^ (v >> 63));
  }

  void f64(double d) {
    long bits = Double.doubleToRawLongBits(d);
    ensure(8);
    for (int i = 0; i < 8; i++) {
      buf[size++] = (byte) (bits >>> (8 * i));
    }
  }

  void str(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    uvarint(b.length);
    ensure(b.length);
    System.arraycopy(b, 0, buf, size, b.length);
    size += b.length;
  }

  /** Appends {@code len} bytes of {@code src} from {@code off}. */
  void bytes(byte[] src, int off, int len) {
    ensure(len);
    System.arraycopy(src, off, buf, size, len);
    size += len;
  }

  int size() {
    return size;
  }

  /** The buffer itself (valid up to {@link #size}); changes with the next write. */
  byte[] raw() {
    return buf;
  }

  /** Drops the first {@code n} bytes. */
  void dropFront(int n) {
    System.arraycopy(buf, n, buf, 0, size - n);
    size -= n;
  }

  void clear() {
    size = 0;
  }

  byte[] toBytes() {
    return Arrays.copyOf(buf, size);
  }

  private void ensure(int more) {
    if (size + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
    }
  }
}
