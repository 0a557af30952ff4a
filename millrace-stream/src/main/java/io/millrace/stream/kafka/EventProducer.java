package io.millrace.stream.kafka;

import io.millrace.stream.kafka.internal.DiskBuffer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends records to one topic with an idempotent producer (acks=all, lz4, batched), and keeps them
 * in an on-disk buffer while the broker cannot be reached.
 *
 * <p>Design notes. While the buffer holds anything, new records are appended to it rather than
 * sent, so records reach the topic in the order they were given. A background thread probes the
 * broker every second; once it answers, it forwards the buffer oldest segment first, in chunks,
 * recording progress after each acknowledged chunk and deleting a segment only when all of it is
 * acknowledged; when the buffer is empty, records go straight to the producer again. A record whose
 * direct send fails (the broker went away for longer than the delivery timeout) is appended to the
 * buffer. Duplicates are possible only if the process dies between a chunk's acknowledgement and the
 * progress write, or when a send timed out although the broker had stored the record.
 *
 * <p>Thread-safe; {@link #send} is meant to be called from one thread (the order of records sent
 * from several threads is whatever order the calls happen in).
 */
public final class EventProducer implements AutoCloseable {
  private static final int CHUNK = 10_000;

  private final String bootstrapServers;
  private final TopicSpec topic;
  private final DiskBuffer buffer;
  private final KafkaProducer<byte[], byte[]> producer;
  private final Admin admin;
  private final ReentrantLock gate = new ReentrantLock();
  private final Thread forwarder;
  private final AtomicLong acked = new AtomicLong();
  private final AtomicLong bufferedTotal = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicReference<String> lastError = new AtomicReference<>();
  private volatile boolean online;
  private volatile boolean topicReady;
  private volatile boolean closed;

  private EventProducer(String bootstrapServers, TopicSpec topic, Path bufferDir) {
    this.bootstrapServers = bootstrapServers;
    this.topic = topic;
    this.buffer = DiskBuffer.open(bufferDir.resolve(topic.name()));
    if (bootstrapServers == null) {
      this.producer = null;
      this.admin = null;
      this.forwarder = null;
      lastError.set("no Kafka broker configured");
      return;
    }
    this.producer = new KafkaProducer<>(producerProps(bootstrapServers), new ByteArraySerializer(),
        new ByteArraySerializer());
    this.admin = Admin.create(KafkaTopics.adminProps(bootstrapServers));
    if (reachable(Duration.ofSeconds(20))) {
      ensureTopic();
      online = buffer.isEmpty();
    }
    this.forwarder = new Thread(this::forwardLoop, "millrace-produce-forwarder");
    forwarder.setDaemon(true);
    forwarder.start();
  }

  /**
   * Opens a producer for {@code topic} (created with its partition count when it does not exist).
   * Records buffered by an earlier process under {@code bufferDir} (in {@code bufferDir/<topic>})
   * are forwarded first. Does not fail when the broker is unreachable: records are buffered until it
   * is back. With {@code bootstrapServers} null (no broker known) every record is buffered.
   */
  public static EventProducer open(String bootstrapServers, TopicSpec topic, Path bufferDir) {
    return new EventProducer(bootstrapServers, topic, bufferDir);
  }

  /** Sends (or buffers) one record; returns at once unless the producer's memory is full. */
  public void send(byte[] key, byte[] value) {
    bytes.addAndGet(value.length + (key == null ? 0 : key.length));
    boolean direct;
    gate.lock();
    try {
      direct = online && topicReady && buffer.isEmpty();
      if (!direct) {
        buffer.append(key, value);
        bufferedTotal.incrementAndGet();
      }
    } finally {
      gate.unlock();
    }
    if (direct) {
      try {
        producer.send(new ProducerRecord<>(topic.name(), key, value), directCallback(key, value));
      } catch (KafkaException e) {
        toBuffer(key, value, e);
      }
    }
  }

  /** Whether records currently go straight to the broker (false while buffering). */
  public boolean online() {
    return online;
  }

  /** Records acknowledged by the broker so far (sent directly or forwarded from the buffer). */
  public long acknowledged() {
    return acked.get();
  }

  /** Records waiting in the disk buffer (including those left by earlier processes). */
  public long buffered() {
    return buffer.pending();
  }

  /** Records of this producer that went through the disk buffer. */
  public long bufferedTotal() {
    return bufferedTotal.get();
  }

  /** Key and value bytes given to {@link #send}. */
  public long bytes() {
    return bytes.get();
  }

  /** The disk buffer's directory. */
  public Path bufferDirectory() {
    return buffer.directory();
  }

  /** Why the broker was last unreachable, or null. */
  public String lastError() {
    return lastError.get();
  }

  /**
   * Waits until every record is acknowledged and the buffer is empty, or {@code timeout} passes.
   *
   * @return true when nothing is left to deliver
   */
  public boolean drain(Duration timeout) {
    if (producer == null) {
      return buffer.isEmpty();
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (online) {
        producer.flush();
        if (buffer.isEmpty()) {
          return true;
        }
      }
      sleep(50);
    }
    return online && buffer.isEmpty();
  }

  /**
   * Flushes what can be delivered and stops; records not acknowledged stay in the disk buffer for
   * the next producer on the same directory.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (producer != null) {
      if (online) {
        producer.flush();
      }
      try {
        forwarder.join(40_000); // it stops after its current chunk, so progress is recorded
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      producer.close(Duration.ofSeconds(5));
      admin.close(Duration.ofSeconds(2));
    }
    buffer.close();
  }

  private Callback directCallback(byte[] key, byte[] value) {
    return (metadata, e) -> {
      if (e == null) {
        acked.incrementAndGet();
      } else {
        toBuffer(key, value, e);
      }
    };
  }

  // called from the producer's I/O thread: must not take the gate (send() may hold it while blocked)
  private void toBuffer(byte[] key, byte[] value, Exception e) {
    online = false;
    lastError.set(KafkaTopics.rootMessage(e));
    buffer.append(key, value);
    bufferedTotal.incrementAndGet();
  }

  private void forwardLoop() {
    while (!closed) {
      try {
        if (!topicReady || !online || !buffer.isEmpty()) {
          if (reachable(Duration.ofSeconds(5))) {
            ensureTopic();
            forwardBuffer();
          }
        }
        Thread.sleep(online ? 200 : 1000);
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        lastError.set(KafkaTopics.rootMessage(e));
        online = false;
        sleep(1000);
      }
    }
  }

  private void ensureTopic() {
    if (!topicReady) {
      KafkaTopics.create(bootstrapServers, List.of(topic));
      topicReady = true;
    }
  }

  /** Forwards the buffer oldest first; goes online when it is empty. Stops at the first failure. */
  private void forwardBuffer() {
    while (!closed) {
      Path segment = buffer.oldest();
      if (segment == null) {
        gate.lock();
        try {
          if (buffer.isEmpty()) {
            online = true;
            return;
          }
        } finally {
          gate.unlock();
        }
        continue;
      }
      if (!forwardSegment(segment)) {
        online = false;
        return;
      }
    }
  }

  /**
   * Forwards one segment in chunks. After a chunk fails in part, the records the broker did
   * acknowledge are dropped from the buffer (the segment is rewritten with the others), so a later
   * attempt does not send them twice.
   */
  private boolean forwardSegment(Path segment) {
    DiskBuffer.Pending pending = buffer.unforwarded(segment);
    List<DiskBuffer.Entry> entries = pending.entries();
    for (int from = 0; from < entries.size(); from += CHUNK) {
      List<DiskBuffer.Entry> chunk = entries.subList(from, Math.min(entries.size(), from + CHUNK));
      AtomicIntegerArray delivered = new AtomicIntegerArray(chunk.size());
      AtomicReference<Exception> failure = new AtomicReference<>();
      for (int i = 0; i < chunk.size() && failure.get() == null; i++) {
        int index = i;
        try {
          producer.send(new ProducerRecord<>(topic.name(), chunk.get(i).key(), chunk.get(i).value()), (m, ex) -> {
            if (ex == null) {
              delivered.set(index, 1);
            } else {
              failure.compareAndSet(null, ex);
            }
          });
        } catch (KafkaException e) {
          failure.compareAndSet(null, e);
        }
      }
      producer.flush(); // callbacks have run when flush returns
      if (failure.get() != null) {
        lastError.set(KafkaTopics.rootMessage(failure.get()));
        List<DiskBuffer.Entry> rest = new ArrayList<>();
        for (int i = 0; i < chunk.size(); i++) {
          if (delivered.get(i) == 0) {
            rest.add(chunk.get(i));
          }
        }
        acked.addAndGet(chunk.size() - rest.size());
        rest.addAll(entries.subList(from + chunk.size(), entries.size()));
        buffer.keepOnly(segment, rest);
        return false;
      }
      acked.addAndGet(chunk.size());
      int end = from + chunk.size();
      buffer.acknowledged(segment, pending.forwarded() + end, end == entries.size());
      if (closed) {
        return true;
      }
    }
    if (entries.isEmpty()) {
      buffer.acknowledged(segment, pending.forwarded(), true);
    }
    return true;
  }

  /**
   * Whether the broker answers: a TCP connection to a bootstrap address first (refused at once when
   * nothing listens, so an absent broker costs no waiting), then a metadata request, given time
   * because a busy machine can take seconds to answer the first one.
   */
  private boolean reachable(Duration timeout) {
    if (!listening()) {
      lastError.set("nothing listens at " + bootstrapServers);
      return false;
    }
    try {
      admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (ExecutionException | TimeoutException e) {
      lastError.set("no broker answered at " + bootstrapServers + " within " + timeout.toSeconds() + " s");
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private boolean listening() {
    for (String address : bootstrapServers.split(",")) {
      int colon = address.trim().lastIndexOf(':');
      if (colon <= 0) {
        continue;
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(address.trim().substring(0, colon),
            Integer.parseInt(address.trim().substring(colon + 1))), 1000);
        return true;
      } catch (IOException | NumberFormatException e) {
        // try the next address
      }
    }
    return false;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static Properties producerProps(String bootstrapServers) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    // batches of up to 256 KB, waited for at most 10 ms: full batches at high rates, low latency at low ones
    p.put(ProducerConfig.LINGER_MS_CONFIG, 10);
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024);
    // Kafka's delivery and request timeouts (120 s, 30 s) stay: a record that times out may still
    // have been stored, so a short timeout on a busy broker would turn into duplicates when the
    // record is forwarded again from the buffer. Blocking in send() is cut short instead: a record
    // refused there was never handed over, so buffering it is safe.
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    return p;
  }
}
