package io.millrace.lake.internal;

import java.io.BufferedOutputStream;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.iceberg.Files;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.PositionOutputStream;

/**
 * A local file Iceberg writes metadata to, through a buffer. Why: Iceberg's own local output writes
 * straight to a {@code RandomAccessFile}, so the JSON writer's small writes each become a system call,
 * and on a busy machine each can wait for the kernel's dirty-page throttling; a commit writes four or
 * five such files.
 */
final class LocalOutput implements OutputFile {
  private final File file;

  LocalOutput(File file) {
    this.file = file;
  }

  @Override
  public PositionOutputStream create() {
    if (file.exists()) {
      throw new AlreadyExistsException("File already exists: %s", file);
    }
    return createOrOverwrite();
  }

  @Override
  public PositionOutputStream createOrOverwrite() {
    File parent = file.getParentFile();
    // mkdirs() is false as well when another writer created the folder a moment ago: check again after it
    if (parent != null && !parent.isDirectory() && !parent.mkdirs() && !parent.isDirectory()) {
      throw new UncheckedIOException(new IOException("Cannot create folder " + parent));
    }
    try {
      return new Stream(new BufferedOutputStream(new FileOutputStream(file), 64 * 1024));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String location() {
    return file.toString();
  }

  @Override
  public InputFile toInputFile() {
    return Files.localInput(file);
  }

  private static final class Stream extends PositionOutputStream {
    private final BufferedOutputStream out;
    private long pos;

    Stream(BufferedOutputStream out) {
      this.out = out;
    }

    @Override
    public long getPos() {
      return pos;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      pos++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      pos += len;
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }

    @Override
    public void close() throws IOException {
      out.close();
    }
  }
}
