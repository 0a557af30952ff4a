package io.millrace.lake;

/**
 * What {@link IcebergWarehouse#maintain} did to one table.
 *
 * @param table the table
 * @param filesBefore live data files before
 * @param bytesBefore their size in bytes
 * @param filesAfter live data files after
 * @param bytesAfter their size in bytes
 * @param rows rows of the current snapshot (the same before and after)
 * @param compactedFiles small files merged (0 without compaction, or when nothing was to merge)
 * @param writtenFiles files they were merged into
 * @param keptTaggedFiles small files left as they are because a replace tag may still replace them
 * @param snapshotsBefore snapshots before
 * @param snapshotsExpired snapshots expired
 * @param filesDeleted data, manifest and manifest-list files deleted with the expired snapshots
 * @param bytesDeleted their size in bytes
 */
public record MaintenanceReport(String table, int filesBefore, long bytesBefore, int filesAfter, long bytesAfter,
                                long rows, int compactedFiles, int writtenFiles, int keptTaggedFiles,
                                int snapshotsBefore, int snapshotsExpired, int filesDeleted, long bytesDeleted) {}
