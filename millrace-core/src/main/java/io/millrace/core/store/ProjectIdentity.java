package io.millrace.core.store;

import io.millrace.api.ErrorKind;
import io.millrace.api.MillraceException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A project's stable identity: a random id written once into {@code .millrace/project-id}. Runs,
 * metric history and anomaly baselines are kept under it in the run store, so two folders that
 * happen to share a project name on one PostgreSQL store never see each other's history, and a
 * moved folder keeps its own. A copy made with its {@code .millrace/} folder shares the original's
 * identity (it is the same project, e.g. a deployed copy); delete {@code .millrace/project-id} in
 * the copy to make it a new project. A fresh checkout (where {@code .millrace/} is not committed)
 * starts a new identity.
 */
public final class ProjectIdentity {
  private static final String FILE = "project-id";
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9-]{8,64}");

  private ProjectIdentity() {}

  /**
   * The id in {@code stateDir/project-id}, created when absent.
   *
   * @throws MillraceException USER when the file exists but does not hold an id, or the folder
   *     cannot be written (naming the path)
   */
  public static String of(Path stateDir) {
    Path file = stateDir.resolve(FILE);
    try {
      if (!Files.exists(file)) {
        Files.createDirectories(stateDir);
        try {
          Files.writeString(file, UUID.randomUUID() + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
        } catch (FileAlreadyExistsException raced) {
          // another process created it first: use theirs
        }
      }
      String id = Files.readString(file, StandardCharsets.UTF_8).trim();
      if (!VALID.matcher(id).matches()) {
        throw MillraceException.user("Cannot read project identity %s: it holds '%s', not an id (8 to 64 letters, "
            + "digits and -); restore it, or delete it to start this folder's run history anew", file, id);
      }
      return id;
    } catch (IOException e) {
      throw new MillraceException(ErrorKind.USER, String.format("Cannot read or create project identity %s: %s",
          file, e.getMessage()), e);
    }
  }
}
