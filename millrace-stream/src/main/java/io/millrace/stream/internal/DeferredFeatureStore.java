package io.millrace.stream.internal;

import io.millrace.stream.features.FeatureEngine;
import io.millrace.stream.features.FeatureState;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.WrappedStateStore;

/**
 * The feature store with its state writes batched: the processor keeps each entity's decoded state
 * here ({@link #state}, {@link #updated}) and an entity's bytes are encoded and written to the
 * store below (Kafka Streams' cache, RocksDB, changelog) once per commit, not once per event. A
 * state's encoding grows with the entity's events in its windows (a 7-day trailing window holds each
 * of them), so encoding it on every event cost the stream thread a quarter of its time.
 *
 * <p>Kafka Streams commits in this order: flush the stores' caches, flush the producer, commit the
 * stores and then the input offsets. The pending states are written into the store below at the
 * first step ({@link #flushCache}, and again at {@link #flush} and {@link #commit}), so they reach
 * the changelog before the offsets of the events they hold are committed: a crash loses exactly the
 * updates whose events are processed again. More than {@link #MAX_PENDING} pending entities are
 * written out early. Reads from other threads ({@link #get}, interactive queries) see the pending
 * state; the processor changes states only while holding this object's lock. Scans ({@link #range},
 * {@link #all}) see the states as of the last commit.
 *
 * <p>Only for feature definitions whose update cannot fail half way ({@link FeatureEngine#atomicUpdates}):
 * a refused event must leave the entity's state as it was, and here there is no stored copy to go
 * back to.
 */
public final class DeferredFeatureStore extends WrappedStateStore<KeyValueStore<String, byte[]>, String, byte[]>
    implements KeyValueStore<String, byte[]> {
  /** Pending entities beyond which all are written to the store below before the commit. */
  static final int MAX_PENDING = 20_000;

  private final FeatureEngine engine;
  private final Map<String, FeatureState> pending = new LinkedHashMap<>();

  DeferredFeatureStore(KeyValueStore<String, byte[]> inner, FeatureEngine engine) {
    super(inner);
    this.engine = engine;
  }

  /** The builder: {@code inner}'s store (cached, logged as configured there) wrapped in this one. */
  public static StoreBuilder<DeferredFeatureStore> builder(StoreBuilder<KeyValueStore<String, byte[]>> inner,
                                                           FeatureEngine engine) {
    return new StoreBuilder<>() {
      @Override public StoreBuilder<DeferredFeatureStore> withCachingEnabled() {
        inner.withCachingEnabled();
        return this;
      }

      @Override public StoreBuilder<DeferredFeatureStore> withCachingDisabled() {
        inner.withCachingDisabled();
        return this;
      }

      @Override public StoreBuilder<DeferredFeatureStore> withLoggingEnabled(Map<String, String> config) {
        inner.withLoggingEnabled(config);
        return this;
      }

      @Override public StoreBuilder<DeferredFeatureStore> withLoggingDisabled() {
        inner.withLoggingDisabled();
        return this;
      }

      @Override public DeferredFeatureStore build() {
        return new DeferredFeatureStore(inner.build(), engine);
      }

      @Override public Map<String, String> logConfig() {
        return inner.logConfig();
      }

      @Override public boolean loggingEnabled() {
        return inner.loggingEnabled();
      }

      @Override public String name() {
        return inner.name();
      }
    };
  }

  /** The store a processor got from its context, unwrapped to this one. */
  static DeferredFeatureStore of(StateStore s) {
    StateStore x = s;
    while (!(x instanceof DeferredFeatureStore) && x instanceof WrappedStateStore<?, ?, ?> w) {
      x = w.wrapped();
    }
    if (x instanceof DeferredFeatureStore d) {
      return d;
    }
    throw new IllegalStateException("not a deferred feature store: " + s.getClass().getName());
  }

  /**
   * The entity's current state for the processor to update in place (caller holds this object's
   * lock and passes the result to {@link #updated}), or null when it has none.
   */
  FeatureState state(String key) {
    FeatureState s = pending.get(key);
    if (s != null) {
      return s;
    }
    byte[] b = wrapped().get(key);
    return b == null ? null : engine.fromBytes(b);
  }

  /** Records the entity's state after an update (caller holds this object's lock). */
  void updated(String key, FeatureState s) {
    pending.put(key, s);
    if (pending.size() > MAX_PENDING) {
      writePending();
    }
  }

  private synchronized void writePending() {
    if (pending.isEmpty()) {
      return;
    }
    for (Map.Entry<String, FeatureState> e : pending.entrySet()) {
      wrapped().put(e.getKey(), engine.toBytes(e.getValue()));
    }
    pending.clear();
  }

  /** Pending entities (for tests). */
  synchronized int pendingCount() {
    return pending.size();
  }

  /**
   * Pending states belong to the task's current incarnation: when Kafka Streams closes a task dirty
   * (an aborted transaction, a lost partition, a crash) and revives it, it re-initializes these same
   * store objects and restores the store below from its changelog, then processes the uncommitted
   * events again. States kept here from before would already count those events, so the replayed
   * events would look late and be dead-lettered instead of counted. They are dropped on init and close
   * (a clean close has written them at its commit before).
   */
  @Override
  public synchronized void init(StateStoreContext context, StateStore root) {
    pending.clear();
    super.init(context, root);
  }

  @Override
  public synchronized void close() {
    pending.clear();
    super.close();
  }

  @Override
  public void flushCache() {
    writePending();
    super.flushCache();
  }

  @Override
  @SuppressWarnings("deprecation")
  public void flush() {
    writePending();
    wrapped().flush();
  }

  @Override
  public void commit(Map<TopicPartition, Long> changelogOffsets) {
    writePending();
    super.commit(changelogOffsets);
  }

  @Override
  public synchronized byte[] get(String key) {
    FeatureState s = pending.get(key);
    return s != null ? engine.toBytes(s) : wrapped().get(key);
  }

  @Override
  public synchronized void put(String key, byte[] value) {
    pending.remove(key);
    wrapped().put(key, value);
  }

  @Override
  public synchronized byte[] putIfAbsent(String key, byte[] value) {
    byte[] old = get(key);
    if (old == null) {
      put(key, value);
    }
    return old;
  }

  @Override
  public synchronized void putAll(List<KeyValue<String, byte[]>> entries) {
    entries.forEach(e -> put(e.key, e.value));
  }

  @Override
  public synchronized byte[] delete(String key) {
    byte[] old = get(key);
    pending.remove(key);
    wrapped().delete(key);
    return old;
  }

  // Scans (nothing in Millrace scans this store) see the store below: the states as of the last
  // commit. Writing the pending states first is not possible from another thread than the stream
  // thread (Kafka Streams' cache is not thread-safe).
  @Override
  public KeyValueIterator<String, byte[]> range(String from, String to) {
    return wrapped().range(from, to);
  }

  @Override
  public KeyValueIterator<String, byte[]> all() {
    return wrapped().all();
  }

  @Override
  public synchronized long approximateNumEntries() {
    return wrapped().approximateNumEntries() + pending.size();
  }
}
