package io.millrace.stream.features;

/**
 * Only the window of the latest filtered event is kept: an {@code asOf} at or after the entity's
 * latest event falls in that window or a later, empty, one.
 */
final class TumblingWindow extends WindowState {
  private final Acc.Kind kind;
  private final long size;
  private long index = Long.MIN_VALUE;
  private Acc acc;

  TumblingWindow(Acc.Kind kind, long size) {
    this.kind = kind;
    this.size = size;
  }

  @Override void add(Object value, long micros, long entityMax) {
    long w = Math.floorDiv(micros, size);
    if (w > index) {
      index = w;
      acc = kind.create();
    }
    if (w == index) {
      acc.add(value, micros);
    }
  }

  @Override Object result(long asOf) {
    return Math.floorDiv(asOf, size) == index ? acc.result() : kind.create().result();
  }

  @Override void write(ByteSink out) {
    out.u8(acc == null ? 0 : 1);
    if (acc != null) {
      out.varlong(index);
      acc.write(out);
    }
  }

  @Override void readFrom(ByteSource in) {
    if (in.u8() == 1) {
      index = in.varlong();
      acc = kind.read(in);
    }
  }
}
