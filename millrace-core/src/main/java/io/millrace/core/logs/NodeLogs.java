package io.millrace.core.logs;

import io.millrace.api.MillraceException;
import io.millrace.api.run.LogLine;
import io.millrace.api.run.RunLogs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Node attempt logs of a run, under {@code <state>/logs/<run>/}, one entry per line,
 * {@code <ISO time> <LEVEL> <message>}, continuation lines (a multi-line error, the SQL) indented by
 * two spaces. Two kinds of file, merged by time when read:
 * <ul>
 *   <li>{@code nodes.log}: every attempt's start and end ({@link NodeLogWriter}), one file per run,
 *       each entry naming its attempt: {@code <time> <LEVEL> <node>.<attempt> <message>};
 *   <li>{@code <node>.<attempt>.log}: what an attempt did in the engine ({@link StatementLog}) or
 *       training, only for attempts that did something.
 * </ul>
 * One shared file for the starts and ends: creating a file per node was most of the run-time cost of a
 * node that does no engine work (a view), about 1 ms of kernel time per file on a busy ext4 disk.
 * Runs written before kept everything in the per-attempt files; they read as before. Not thread-safe:
 * an instance reads the run's shared file once and serves one reader (a command or a request).
 */
public final class NodeLogs implements RunLogs {
  /** The run's shared file of attempt starts and ends. */
  static final String RUN_FILE = "nodes.log";
  private static final Pattern FILE = Pattern.compile("(.+)\\.(\\d+)\\.log");
  private static final Pattern LINE = Pattern.compile("(\\S+) (INFO|WARN|ERROR) (.*)");
  private static final Pattern RUN_LINE = Pattern.compile("(\\S+) (INFO|WARN|ERROR) (\\S+)\\.(\\d+) (.*)");
  private final Path dir;
  /** The last run whose shared file was parsed, and its entries: an instance serves one reader. */
  private String parsedRun;
  private List<LogLine> parsedLines;

  /** @param stateDir the project's {@code .millrace} folder */
  public NodeLogs(Path stateDir) {
    this.dir = stateDir.resolve("logs");
  }

  /** The log of what one attempt did in the engine. */
  public static Path file(Path stateDir, String runId, String node, int attempt) {
    return stateDir.resolve("logs").resolve(runId).resolve(safe(node) + "." + attempt + ".log");
  }

  /** The run's shared log of attempt starts and ends. */
  public static Path runFile(Path stateDir, String runId) {
    return stateDir.resolve("logs").resolve(runId).resolve(RUN_FILE);
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
    Set<String> nodes = new LinkedHashSet<>();
    runLines(runId).forEach(l -> nodes.add(l.node()));   // in the order the attempts started
    try (Stream<Path> files = Files.list(run)) {
      files.filter(f -> FILE.matcher(f.getFileName().toString()).matches())
          .sorted(Comparator.comparing(NodeLogs::modified))
          .map(f -> matcher(f).group(1)).forEach(nodes::add);
    } catch (IOException e) {
      throw MillraceException.external(e, "Cannot list the logs of run %s in %s: %s", runId, run, e.getMessage());
    }
    return List.copyOf(nodes);
  }

  @Override
  public List<LogLine> read(String runId, String node) {
    List<LogLine> out = new ArrayList<>();
    for (int attempt : attempts(runId, node)) {
      out.addAll(attempt(runId, node, attempt));
    }
    return out;
  }

  /**
   * One attempt's log as text, in the files' format ({@code <time> <LEVEL> <message>}): the run's
   * shared entries and the attempt's own file merged by time, the file's lines kept as written (a line
   * without a time goes with the entry before it, or first). Empty when the attempt has no log.
   */
  public Optional<String> text(String runId, String node, int attempt) {
    List<Entry> entries = new ArrayList<>();
    runLines(runId).stream().filter(l -> l.node().equals(safe(node)) && l.attempt() == attempt)
        .forEach(l -> entries.add(new Entry(l.time(), l.time() + " " + l.level() + " "
            + l.message().replace("\n", "\n  ") + "\n")));
    Path f = dir.resolve(runId).resolve(safe(node) + "." + attempt + ".log");
    if (Files.isRegularFile(f)) {
      Instant last = Instant.MIN;
      StringBuilder pending = new StringBuilder();
      for (String line : readString(f).split("(?<=\n)")) {
        Matcher m = LINE.matcher(line.stripTrailing());
        Instant t = m.matches() ? instant(m.group(1)) : null;
        if (t != null && pending.length() > 0) {
          entries.add(new Entry(last, pending.toString()));
          pending.setLength(0);
        }
        if (t != null) {
          last = t;
        }
        pending.append(line);
      }
      if (pending.length() > 0) {
        entries.add(new Entry(last, pending.toString()));
      }
    }
    if (entries.isEmpty()) {
      return Optional.empty();
    }
    entries.sort(Comparator.comparing(Entry::time));
    StringBuilder b = new StringBuilder();
    entries.forEach(e -> b.append(e.text()));
    return Optional.of(b.toString());
  }

  /** Text of one entry (its line and continuation lines) at its time. */
  private record Entry(Instant time, String text) {}

  private Set<Integer> attempts(String runId, String node) {
    Set<Integer> attempts = new TreeSet<>();
    runLines(runId).stream().filter(l -> l.node().equals(safe(node))).forEach(l -> attempts.add(l.attempt()));
    for (int a = 1; Files.isRegularFile(dir.resolve(runId).resolve(safe(node) + "." + a + ".log")); a++) {
      attempts.add(a);
    }
    return attempts;
  }

  /** The attempt's lines of both files, by time (stable: lines of one time keep their file order). */
  private List<LogLine> attempt(String runId, String node, int attempt) {
    List<LogLine> lines = new ArrayList<>();
    runLines(runId).stream().filter(l -> l.node().equals(safe(node)) && l.attempt() == attempt)
        .forEach(l -> lines.add(new LogLine(l.time(), l.level(), node, attempt, l.message())));
    Path f = dir.resolve(runId).resolve(safe(node) + "." + attempt + ".log");
    if (Files.isRegularFile(f)) {
      List<LogLine> own = new ArrayList<>();
      for (String line : readString(f).lines().toList()) {
        Matcher m = LINE.matcher(line);
        Instant t = m.matches() ? instant(m.group(1)) : null;
        if (line.startsWith("  ") && !own.isEmpty()) {
          continued(own, line);
        } else if (t != null) {
          own.add(new LogLine(t, m.group(2), node, attempt, m.group(3)));
        }
      }
      lines.addAll(own);
      lines.sort(Comparator.comparing(LogLine::time));
    }
    return lines;
  }

  /** The entries of the run's shared file, nodes by their file-safe names; read once per run. */
  private List<LogLine> runLines(String runId) {
    if (runId.equals(parsedRun)) {
      return parsedLines;
    }
    List<LogLine> out = new ArrayList<>();
    Path f = dir.resolve(runId).resolve(RUN_FILE);
    if (Files.isRegularFile(f)) {
      for (String line : readString(f).lines().toList()) {
        Matcher m = RUN_LINE.matcher(line);
        Instant t = m.matches() ? instant(m.group(1)) : null;
        if (line.startsWith("  ") && !out.isEmpty()) {
          continued(out, line);
        } else if (t != null) {
          out.add(new LogLine(t, m.group(2), m.group(3), Integer.parseInt(m.group(4)), m.group(5)));
        }
      }
    }
    parsedRun = runId;
    parsedLines = out;
    return out;
  }

  private static void continued(List<LogLine> lines, String line) {
    LogLine last = lines.remove(lines.size() - 1);
    lines.add(new LogLine(last.time(), last.level(), last.node(), last.attempt(), last.message() + "\n" + line.substring(2)));
  }

  private static Instant instant(String text) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static String readString(Path f) {
    try {
      return Files.readString(f, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw MillraceException.external(e, "Cannot read log %s: %s", f, e.getMessage());
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
