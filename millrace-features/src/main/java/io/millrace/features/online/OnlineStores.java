package io.millrace.features.online;

import io.millrace.api.features.OnlineStore;
import io.millrace.api.project.OnlineStoreSpec;
import io.millrace.api.project.ProjectSpec;

/** Opens a project's online store as {@code online_store:} in millrace.yaml says (RocksDB by default). */
public final class OnlineStores {
  private OnlineStores() {}

  /**
   * Opens the store for writing ({@code materialize}, stream feeds). RocksDB allows one writing process:
   * a second one gets an EXTERNAL error saying so.
   */
  public static OnlineStore open(ProjectSpec project) {
    OnlineStoreSpec spec = project.onlineStore();
    return spec.kind() == OnlineStoreSpec.Kind.ROCKSDB ? RocksDbOnlineStore.open(spec.path())
        : RedisOnlineStore.open(spec.url(), prefix(project));
  }

  /**
   * Opens the store for reading ({@code serve}), beside writers in other processes: RocksDB as a
   * secondary instance that catches up with the writer at most every millisecond.
   */
  public static OnlineStore openReader(ProjectSpec project) {
    OnlineStoreSpec spec = project.onlineStore();
    return spec.kind() == OnlineStoreSpec.Kind.ROCKSDB ? RocksDbOnlineStore.openReader(spec.path())
        : RedisOnlineStore.open(spec.url(), prefix(project));
  }

  /** The Redis key prefix of a project: {@code millrace:<name>:}. */
  public static String prefix(ProjectSpec project) {
    return "millrace:" + project.name() + ":";
  }
}
