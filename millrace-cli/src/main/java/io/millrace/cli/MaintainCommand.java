package io.millrace.cli;

import io.millrace.api.MillraceException;
import io.millrace.api.project.WarehouseRetention;
import io.millrace.api.spi.TableInfo;
import io.millrace.cli.internal.Console;
import io.millrace.cli.internal.ProjectContext;
import io.millrace.cli.internal.ProjectOptions;
import io.millrace.cli.internal.ResultFormatter;
import io.millrace.core.project.Durations;
import io.millrace.lake.IcebergWarehouse;
import io.millrace.lake.MaintenanceReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "maintain", description = {
    "Maintain warehouse tables: expire old snapshots and (with --compact) merge small data files.",
    "Expiry keeps snapshots younger than --expire-older-than and the newest --retain-last of each table "
        + "(defaults: the project's warehouse_retention, 7d and 10), and the newest snapshot of each replace "
        + "tag; the data and metadata files only expired snapshots used are deleted.",
    "--compact rewrites a table's small files (under --target-file-size) into fewer files as a new snapshot "
        + "with the same rows; files of replace tags (backfilled intervals) are left as they are.",
    "Safe while runs, streams or other processes commit to the same tables."})
final class MaintainCommand implements Callable<Integer> {
  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(b|kb|mb|gb)?", Pattern.CASE_INSENSITIVE);

  @Mixin ProjectOptions project;

  @Option(names = "--expire-older-than", paramLabel = "AGE",
      description = "Expire snapshots older than this (e.g. 7d, 12h, 30m; default: warehouse_retention.keep_days).")
  String olderThan;

  @Option(names = "--retain-last", paramLabel = "N",
      description = "Always keep the newest N snapshots of each table (default: warehouse_retention.keep_snapshots).")
  Integer retainLast;

  @Option(names = "--compact", description = "Merge small data files into fewer, larger ones (a new snapshot).")
  boolean compact;

  @Option(names = "--target-file-size", paramLabel = "SIZE", defaultValue = "128MB",
      description = "With --compact: files smaller than this are merged into files of about this size "
          + "(default ${DEFAULT-VALUE}).")
  String targetFileSize;

  @Option(names = "--table", paramLabel = "TABLE", description = "Only this table (repeatable; default: all tables).")
  List<String> tables = List.of();

  @Override
  public Integer call() {
    try (ProjectContext ctx = ProjectContext.inspect(project.project, project.overrides())) {
      WarehouseRetention policy = policy(ctx.spec().retention());
      long target = compact ? size(targetFileSize) : 0;
      if (!(ctx.warehouse() instanceof IcebergWarehouse warehouse)) {
        throw MillraceException.user("Cannot maintain the warehouse of project %s: it is not an Iceberg warehouse",
            ctx.spec().name());
      }
      List<String> names = tables.isEmpty() ? warehouse.tables().stream().map(TableInfo::name).toList() : tables;
      for (Map.Entry<String, MillraceException> bad : warehouse.unreadableTables().entrySet()) {
        Console.err("warning: skipped table '" + bad.getKey() + "': " + bad.getValue().getMessage());
      }
      if (names.isEmpty()) {
        System.out.println("No tables yet in " + warehouse.catalog() + " (run the project first).");
        return 0;
      }
      List<List<String>> rows = new ArrayList<>();
      long freed = 0;
      int expired = 0;
      int merged = 0;
      for (String name : names) {
        MaintenanceReport r = warehouse.maintain(name, policy, target);
        freed += r.bytesDeleted();
        expired += r.snapshotsExpired();
        merged += r.compactedFiles();
        rows.add(List.of(r.table(), String.valueOf(r.rows()), r.filesBefore() + " -> " + r.filesAfter(),
            bytes(r.bytesBefore()) + " -> " + bytes(r.bytesAfter()),
            compact ? r.compactedFiles() + " -> " + r.writtenFiles()
                + (r.keptTaggedFiles() > 0 ? " (" + r.keptTaggedFiles() + " tagged kept)" : "") : "-",
            r.snapshotsBefore() + " -> " + (r.snapshotsBefore() + (r.compactedFiles() > 0 ? 1 : 0) - r.snapshotsExpired()),
            String.valueOf(r.snapshotsExpired()), r.filesDeleted() + " (" + bytes(r.bytesDeleted()) + ")"));
      }
      System.out.print(ResultFormatter.table(List.of("table", "rows", "data_files", "data_bytes", "compacted",
          "snapshots", "expired", "deleted_files"), rows));
      System.out.printf("Maintained %d table(s): %d small file(s) merged, %d snapshot(s) expired (keeping those "
              + "younger than %s and the newest %d), %s freed.%n", names.size(), merged, expired,
          Durations.format(policy.keepAge()), policy.keepSnapshots(), bytes(freed));
      return 0;
    }
  }

  private WarehouseRetention policy(WarehouseRetention project) {
    Duration age = project.keepAge();
    if (olderThan != null) {
      age = Durations.parse(olderThan);
      if (age.isNegative()) {
        throw MillraceException.user("Cannot use --expire-older-than %s: the age must not be negative", olderThan);
      }
      if (age.isZero()) {
        age = Duration.ofMillis(1);
      }
    }
    int keep = project.keepSnapshots();
    if (retainLast != null) {
      if (retainLast < 1) {
        throw MillraceException.user("Cannot use --retain-last %d: keep at least the current snapshot (1)", retainLast);
      }
      keep = retainLast;
    }
    return new WarehouseRetention(age, keep);
  }

  static long size(String text) {
    Matcher m = SIZE.matcher(text.trim());
    if (!m.matches() || Long.parseLong(m.group(1)) <= 0) {
      throw MillraceException.user("Cannot use --target-file-size %s: expected a positive size such as 64MB, "
          + "512KB or 1GB", text);
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
    return switch (unit) {
      case "kb" -> n << 10;
      case "mb" -> n << 20;
      case "gb" -> n << 30;
      default -> n;
    };
  }

  static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    if (n < 1 << 20) {
      return String.format(Locale.ROOT, "%.1f KB", n / 1024.0);
    }
    if (n < 1L << 30) {
      return String.format(Locale.ROOT, "%.1f MB", n / 1048576.0);
    }
    return String.format(Locale.ROOT, "%.2f GB", n / 1073741824.0);
  }
}
