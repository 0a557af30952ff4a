package io.millrace.stream.features;

import java.nio.charset.StandardCharsets;

/** Reads what {@link ByteSink} wrote; fails with {@link IllegalStateException} on truncated input. */
final class ByteSource {
  private final byte[] buf;
  private int pos;

  ByteSource(byte[] buf) {
    this.buf = buf;
  }

  int u8() {
    need(1);
    return buf[pos++] & 0xFF;
  }

  long uvarint() {
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      int b = u8();
      v |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return v;
      }
    }
    throw new IllegalStateException("varint longer than 10 bytes at " + pos);
  }

  long varlong() {
    long u = uvarint();
    return (u >>> 1) ^ -(u & 1);
  }

  int count() {
    long n = uvarint();
    if (n > ((buf.length - pos + 1L) << 3)) {
      throw new IllegalStateException("implausible count " + n + " at " + pos);
    }
    return (int) n;
  }

  double f64() {
    need(8);
    long bits = 0;
    for (int i = 0; i < 8; i++) {
      bits |= (long) (buf[pos++] & 0xFF) << (8 * i);
    }
    return Double.longBitsToDouble(bits);
  }

  String str() {
    int n = count();
    need(n);
    String s = new String(buf, pos, n, StandardCharsets.UTF_8);
    pos += n;
    return s;
  }

  boolean exhausted() {
    return pos == buf.length;
  }

  private void need(int n) {
    if (pos + n > buf.length) {
      throw new IllegalStateException("truncated state: " + n + " bytes needed at " + pos
          + " of " + buf.length);
    }
  }
}
