package io.millrace.stream.features;

/** The whole history: one accumulator. */
final class LifetimeWindow extends WindowState {
  private Acc acc;

  LifetimeWindow(Acc acc) {
    this.acc = acc;
  }

  @Override void add(Object value, long micros, long entityMax) {
    acc.add(value, micros);
  }

  @Override Object result(long asOf) {
    return acc.result();
  }

  @Override void write(ByteSink out) {
    acc.write(out);
  }

  @Override void readFrom(ByteSource in) {
    acc.readFrom(in);
  }
}
