package io.millrace.lake.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's local file system without checksum side files and without forking {@code chmod}.
 *
 * <p>Why: without Hadoop's native library, {@link RawLocalFileSystem#setPermission} runs a shell
 * command for every file it creates, and the default {@code LocalFileSystem} also writes a
 * {@code .crc} file next to each one. An Iceberg commit creates four or five files, so those forks
 * dominated its time. Permissions are set with java.nio instead (same result, in process).
 * Checksum files are unnecessary: Iceberg's manifests and Parquet files carry their own structure,
 * and readers using the checksummed file system accept files without {@code .crc}.
 */
public final class NioLocalFileSystem extends RawLocalFileSystem {
  private static final PosixFilePermission[] BITS = {
      PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
      PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
      PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};

  @Override
  public boolean rename(Path src, Path dst) throws IOException {
    java.nio.file.Path from = pathToFile(src).toPath();
    java.nio.file.Path to = pathToFile(dst).toPath();
    if (!Files.isRegularFile(from)) {
      return super.rename(src, dst);
    }
    try {
      Files.createLink(to, from);
    } catch (java.nio.file.FileAlreadyExistsException e) {
      return false;
    } catch (UnsupportedOperationException e) {
      return super.rename(src, dst);   // no hard links here: Hadoop's behaviour
    }
    Files.delete(from);
    return true;
  }

  @Override
  public void setPermission(Path p, FsPermission permission) throws IOException {
    Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
    int mode = permission.toShort();
    for (int bit = 0; bit < BITS.length; bit++) {
      if ((mode & (1 << bit)) != 0) {
        perms.add(BITS[bit]);
      }
    }
    try {
      Files.setPosixFilePermissions(pathToFile(p).toPath(), perms);
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system (Windows): keep the file's default permissions, as Hadoop does there
    }
  }
}
