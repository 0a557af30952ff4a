package io.millrace.core.logs;

import io.millrace.api.MillraceException;
import io.millrace.api.run.LogLine;
import io.millrace.api.run.RunLogs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Node attempt logs under {@code <state>/logs/<run>/<node>.<attempt>.log}: one line per entry,
 * {@code <ISO time> <LEVEL> <message>}, continuation lines (a multi-line error, the SQL) indented by
 * two spaces. Written by {@link NodeLogWriter}, read here.
 */
public final class NodeLogs implements RunLogs {
  private static final Pattern FILE = Pattern.compile("(.+)\\.(\\d+)\\.log");
  private static final Pattern LINE = Pattern.compile("(\\S+) (INFO|WARN|ERROR) (.*)");
  private final Path dir;

  /** @param stateDir the project's {@code .millrace} folder */
  public NodeLogs(Path stateDir) {
    this.dir = stateDir.resolve("logs");
  }

  public static Path file(Path stateDir, String runId, String node, int attempt) {
    return stateDir.resolve("logs").resolve(runId).resolve(safe(node) + "." + attempt + ".log");
  }

  /** Node names are table names or {@code export:<table>:<i>}: file-safe once ':' is replaced. */
  static String safe(String node) {
    return node.replace(':', '_').replace('/', '_');
  }

  @Override
  public List<String> nodes(String runId) {
    Path run = dir.resolve(runId);
    if (!Files.isDirectory(run)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(run)) {
      return files.filter(f -> FILE.matcher(f.getFileName().toString()).matches())
          .sorted(Comparator.comparing(NodeLogs::modified))
          .map(f -> matcher(f).group(1)).distinct().toList();
    } catch (IOException e) {
      throw MillraceException.external(e, "Cannot list the logs of run %s in %s: %s", runId, run, e.getMessage());
    }
  }

  @Override
  public List<LogLine> read(String runId, String node) {
    Path run = dir.resolve(runId);
    List<LogLine> out = new ArrayList<>();
    for (int attempt = 1; ; attempt++) {
      Path f = run.resolve(safe(node) + "." + attempt + ".log");
      if (!Files.isRegularFile(f)) {
        return out;
      }
      try {
        for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
          Matcher m = LINE.matcher(line);
          if (line.startsWith("  ") && !out.isEmpty()) {
            LogLine last = out.remove(out.size() - 1);
            out.add(new LogLine(last.time(), last.level(), node, attempt, last.message() + "\n" + line.substring(2)));
          } else if (m.matches()) {
            out.add(new LogLine(Instant.parse(m.group(1)), m.group(2), node, attempt, m.group(3)));
          }
        }
      } catch (IOException e) {
        throw MillraceException.external(e, "Cannot read log %s: %s", f, e.getMessage());
      }
    }
  }

  private static Matcher matcher(Path f) {
    Matcher m = FILE.matcher(f.getFileName().toString());
    m.matches();
    return m;
  }

  private static long modified(Path f) {
    try {
      return Files.getLastModifiedTime(f).toMillis();
    } catch (IOException e) {
      return 0;
    }
  }
}
