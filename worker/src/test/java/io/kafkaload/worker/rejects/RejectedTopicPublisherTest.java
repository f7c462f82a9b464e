package io.kafkaload.worker.rejects;

import static io.kafkaload.worker.rejects.RejectedFiles.source;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkaload.worker.config.ConfigException;
import io.kafkaload.worker.testkit.SharedKafka;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RejectedTopicPublisherTest {

  @TempDir Path dir;

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      b[i] = (byte) values[i];
    }
    return b;
  }

  private static byte[] random(int length, long seed) {
    byte[] b = new byte[length];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static Header header(String name, byte[] value) {
    return new RecordHeader(name, value);
  }

  private static String topic(String prefix, int partitions, Map<String, String> configs) {
    String name = SharedKafka.uniqueName(prefix);
    SharedKafka.broker().createTopic(name, partitions, configs);
    return name;
  }

  /** A header as a comparable value: name and bytes (null stays null). */
  private record H(String name, List<Byte> value) {
    static H of(Header h) {
      return new H(h.key(), h.value() == null ? null : boxed(h.value()));
    }

    static H of(String name, byte[] value) {
      return new H(name, value == null ? null : boxed(value));
    }
  }

  private static List<Byte> boxed(byte[] bytes) {
    List<Byte> list = new ArrayList<>(bytes.length);
    for (byte b : bytes) {
      list.add(b);
    }
    return list;
  }

  private static List<H> headers(ConsumerRecord<byte[], byte[]> record) {
    List<H> list = new ArrayList<>();
    record.headers().forEach(h -> list.add(H.of(h)));
    return list;
  }

  private static List<H> errorHeaders(
      String topic, int partition, long offset, String stage, String reason) {
    return List.of(
        H.of("kafkaload.error.topic", utf8(topic)),
        H.of("kafkaload.error.partition", utf8(Integer.toString(partition))),
        H.of("kafkaload.error.offset", utf8(Long.toString(offset))),
        H.of("kafkaload.error.stage", utf8(stage)),
        H.of("kafkaload.error.reason", utf8(reason)));
  }

  private static String lastHeader(ConsumerRecord<byte[], byte[]> record, String name) {
    return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }

  @Test
  void publishes_original_bytes_timestamps_and_headers_plus_error_headers() throws Exception {
    String dlq = topic("rejected", 1, Map.of());
    byte[] binaryKey = bytes(0xff, 0xfe, 0x00, 0x80, 0xc3);
    byte[] binaryValue = bytes(0xc3, 0x28, 0x00, 0xa0, 0xa1, 0xff, 0xfe, 0xfd);
    String reason = "field amount: \"12,3\" is not a double — zählt nicht \u0000 end";
    Path file = dir.resolve("chunk.rejected.jsonl");
    try (RejectedFiles out = new RejectedFiles(file)) {
      // null key, a JSON value, one header
      out.write(
          source(
              "orders",
              2,
              100,
              1_700_000_000_123L,
              null,
              utf8("{oops"),
              header("trace", utf8("abc"))),
          "decode",
          "Unexpected end-of-input");
      // binary key and value; a repeated header, a null header value, an empty one, a binary one
      out.write(
          source(
              "orders",
              2,
              101,
              1L,
              binaryKey,
              binaryValue,
              header("dup", utf8("first")),
              header("dup", utf8("second")),
              header("nul", null),
              header("empty", new byte[0]),
              header("bin", bytes(0xff, 0x00, 0xfe)),
              header("dup", utf8("third"))),
          "validate",
          reason);
      // no timestamp; a tombstone
      out.write(source("orders", 5, 7, null, utf8("k"), null), "transform", "division by zero");
      // an empty key and value, no headers
      out.write(
          source("other", 0, 0, 1_600_000_000_000L, new byte[0], new byte[0]),
          "write",
          "cannot hold");
    }

    long before = System.currentTimeMillis();
    long count;
    try (RejectedTopicPublisher publisher =
        new RejectedTopicPublisher(dlq, SharedKafka.clientProperties())) {
      count = publisher.publish(file);
    }
    long after = System.currentTimeMillis();

    assertThat(count).isEqualTo(4);
    List<ConsumerRecord<byte[], byte[]>> got = SharedKafka.readAll(dlq);
    assertThat(got).hasSize(4);

    ConsumerRecord<byte[], byte[]> r0 = got.get(0);
    assertThat(r0.key()).isNull();
    assertThat(r0.value()).isEqualTo(utf8("{oops"));
    assertThat(r0.timestamp()).isEqualTo(1_700_000_000_123L);
    assertThat(r0.timestampType()).isEqualTo(TimestampType.CREATE_TIME);
    List<H> h0 = new ArrayList<>(List.of(H.of("trace", utf8("abc"))));
    h0.addAll(errorHeaders("orders", 2, 100, "decode", "Unexpected end-of-input"));
    assertThat(headers(r0)).containsExactlyElementsOf(h0);

    ConsumerRecord<byte[], byte[]> r1 = got.get(1);
    assertThat(r1.key()).isEqualTo(binaryKey);
    assertThat(r1.value()).isEqualTo(binaryValue);
    assertThat(r1.timestamp()).isEqualTo(1L);
    // the file groups a repeated name's values (in order) where the name first occurs
    List<H> h1 =
        new ArrayList<>(
            List.of(
                H.of("dup", utf8("first")),
                H.of("dup", utf8("second")),
                H.of("dup", utf8("third")),
                H.of("nul", null),
                H.of("empty", new byte[0]),
                H.of("bin", bytes(0xff, 0x00, 0xfe))));
    h1.addAll(errorHeaders("orders", 2, 101, "validate", reason));
    assertThat(headers(r1)).containsExactlyElementsOf(h1);
    assertThat(lastHeader(r1, "kafkaload.error.reason")).isEqualTo(reason);

    ConsumerRecord<byte[], byte[]> r2 = got.get(2);
    assertThat(r2.key()).isEqualTo(utf8("k"));
    assertThat(r2.value()).isNull();
    // no original timestamp: the producer stamps the send time
    assertThat(r2.timestampType()).isEqualTo(TimestampType.CREATE_TIME);
    assertThat(r2.timestamp()).isBetween(before, after);
    assertThat(headers(r2))
        .containsExactlyElementsOf(errorHeaders("orders", 5, 7, "transform", "division by zero"));

    ConsumerRecord<byte[], byte[]> r3 = got.get(3);
    assertThat(r3.key()).isEqualTo(new byte[0]);
    assertThat(r3.value()).isEqualTo(new byte[0]);
    assertThat(r3.timestamp()).isEqualTo(1_600_000_000_000L);
    assertThat(headers(r3))
        .containsExactlyElementsOf(errorHeaders("other", 0, 0, "write", "cannot hold"));
  }

  @Test
  void an_empty_file_publishes_nothing() throws Exception {
    String dlq = topic("rejected", 1, Map.of());
    Path file = dir.resolve("empty.rejected.jsonl");
    new RejectedFiles(file).close();
    try (RejectedTopicPublisher publisher =
        new RejectedTopicPublisher(dlq, SharedKafka.clientProperties())) {
      assertThat(publisher.publish(file)).isZero();
    }
    assertThat(SharedKafka.readAll(dlq)).isEmpty();
  }

  @Test
  void several_threads_publish_every_record_once_each_file_in_order() throws Exception {
    String dlq = topic("rejected", 3, Map.of());
    int files = 4;
    // more than MAX_PENDING_RECORDS per file, so each call waits for acks in several groups
    int perFile = RejectedTopicPublisher.MAX_PENDING_RECORDS + 1_500;
    List<Path> paths = new ArrayList<>();
    for (int f = 0; f < files; f++) {
      Path file = dir.resolve("chunk-" + f + ".rejected.jsonl");
      try (RejectedFiles out = new RejectedFiles(file)) {
        for (int i = 0; i < perFile; i++) {
          // one key per file: the file's records share a partition, where order is checkable
          out.write(
              source("src-" + f, f, i, 1_000L + i, utf8("file-" + f), utf8("v" + i)),
              "decode",
              "bad " + i);
        }
      }
      paths.add(file);
    }

    long total = 0;
    ExecutorService pool = Executors.newFixedThreadPool(files);
    try (RejectedTopicPublisher publisher =
        new RejectedTopicPublisher(dlq, SharedKafka.clientProperties())) {
      List<Future<Long>> counts = new ArrayList<>();
      for (Path file : paths) {
        counts.add(pool.submit(() -> publisher.publish(file)));
      }
      for (Future<Long> c : counts) {
        total += c.get();
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(total).isEqualTo((long) files * perFile);
    List<ConsumerRecord<byte[], byte[]>> got = SharedKafka.readAll(dlq);
    assertThat(got).hasSize(files * perFile);
    Set<String> seen = new HashSet<>();
    Map<String, Long> lastOffsetPerFile = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> r : got) { // partition order, then offset order
      String src = lastHeader(r, "kafkaload.error.topic");
      long offset = Long.parseLong(lastHeader(r, "kafkaload.error.offset"));
      assertThat(seen.add(src + "@" + offset)).as("duplicate %s@%d", src, offset).isTrue();
      assertThat(r.value()).isEqualTo(utf8("v" + offset));
      assertThat(r.timestamp()).isEqualTo(1_000L + offset);
      assertThat(lastHeader(r, "kafkaload.error.reason")).isEqualTo("bad " + offset);
      Long previous = lastOffsetPerFile.put(src, offset);
      assertThat(offset).as("file order of %s", src).isEqualTo(previous == null ? 0 : previous + 1);
    }
    assertThat(lastOffsetPerFile).hasSize(files);
  }

  @Test
  void a_missing_topic_is_a_clear_error() {
    String missing = SharedKafka.uniqueName("no-such-topic");
    assertThatThrownBy(() -> new RejectedTopicPublisher(missing, SharedKafka.clientProperties()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "rejected.topic "
                + missing
                + " does not exist on the cluster; create it (e.g. a Strimzi KafkaTopic) or"
                + " remove spec.rejected.topic");
  }

  @Test
  void a_log_append_time_topic_is_refused_since_it_would_replace_the_timestamps() {
    String dlq = topic("rejected", 1, Map.of("message.timestamp.type", "LogAppendTime"));
    assertThatThrownBy(() -> new RejectedTopicPublisher(dlq, SharedKafka.clientProperties()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "rejected.topic " + dlq + " has message.timestamp.type=LogAppendTime");
  }

  @Test
  void a_timestamp_the_topic_refuses_fails_the_file_and_publishes_nothing() throws Exception {
    String dlq = topic("rejected", 1, Map.of("message.timestamp.after.max.ms", "3600000"));
    long future = 4_000_000_000_000L; // 2096
    Path file = dir.resolve("future.rejected.jsonl");
    try (RejectedFiles out = new RejectedFiles(file)) {
      out.write(source("orders", 4, 1, 5L, null, utf8("x")), "decode", "bad");
      out.write(source("orders", 4, 2, future, null, utf8("y")), "decode", "bad");
    }
    try (RejectedTopicPublisher publisher =
        new RejectedTopicPublisher(dlq, SharedKafka.clientProperties())) {
      assertThatThrownBy(() -> publisher.publish(file))
          .isInstanceOf(IOException.class)
          .hasMessage(
              "rejected record orders/4@2 has timestamp 4000000000000 (2096-10-02T07:06:40Z),"
                  + " which rejected.topic "
                  + dlq
                  + " refuses (message.timestamp.after.max.ms=3600000: at most that many ms"
                  + " ahead of the broker's clock); raise that setting on the topic or remove"
                  + " spec.rejected.topic");
    }
    assertThat(SharedKafka.readAll(dlq)).isEmpty();

    // the remedy the message names: the same file goes through once the topic accepts it
    String open =
        topic(
            "rejected", 1, Map.of("message.timestamp.after.max.ms", Long.toString(Long.MAX_VALUE)));
    try (RejectedTopicPublisher publisher =
        new RejectedTopicPublisher(open, SharedKafka.clientProperties())) {
      assertThat(publisher.publish(file)).isEqualTo(2);
    }
    assertThat(SharedKafka.readAll(open))
        .extracting(ConsumerRecord::timestamp)
        .containsExactly(5L, future);
  }

  @Test
  void a_timestamp_the_broker_refuses_is_reported_for_that_record() throws Exception {
    String dlq = topic("rejected", 1, Map.of("message.timestamp.after.max.ms", "3600000"));
    Path file = dir.resolve("future.rejected.jsonl");
    try (RejectedFiles out = new RejectedFiles(file)) {
      out.write(source("orders", 4, 1, 5L, null, utf8("x")), "decode", "bad");
      out.write(source("orders", 4, 2, 4_000_000_000_000L, null, utf8("y")), "decode", "bad");
      out.write(source("orders", 4, 3, 5L, null, utf8("z")), "decode", "bad");
    }
    // the first pass lets it through, as if the broker's clock were far behind the worker's
    try (RejectedTopicPublisher publisher =
        new RejectedTopicPublisher(dlq, SharedKafka.clientProperties(), null, true)) {
      assertThatThrownBy(() -> publisher.publish(file))
          .isInstanceOf(IOException.class)
          .hasMessageStartingWith(
              "rejected record orders/4@2 has timestamp 4000000000000 (2096-10-02T07:06:40Z),"
                  + " which rejected.topic "
                  + dlq
                  + " refuses (message.timestamp.before.max.ms or"
                  + " message.timestamp.after.max.ms: ")
          .hasMessageEndingWith("); raise that setting on the topic or remove spec.rejected.topic");
    }
    // the refused record is not in the topic (its batch neighbours may or may not be)
    assertThat(SharedKafka.readAll(dlq))
        .noneSatisfy(r -> assertThat(lastHeader(r, "kafkaload.error.offset")).isEqualTo("2"));
  }

  private static final Pattern TOO_LARGE =
      Pattern.compile(
          "rejected record orders/3@(\\d+) is (\\d+) bytes, more than rejected.topic (\\S+)"
              + " accepts \\(max.message.bytes=2000\\); raise it or remove spec.rejected.topic");

  /** A small record, then one of {@code size} random (incompressible) bytes at offset 41. */
  private Path smallThenBig(String name, int size) throws IOException {
    Path file = dir.resolve(name);
    try (RejectedFiles out = new RejectedFiles(file)) {
      out.write(source("orders", 3, 40, 5L, utf8("a"), utf8("small")), "decode", "bad");
      out.write(source("orders", 3, 41, 5L, utf8("b"), random(size, 41)), "decode", "bad");
    }
    return file;
  }

  @Test
  void a_record_too_big_for_the_topic_fails_the_file_and_publishes_nothing() throws Exception {
    String dlq = topic("rejected", 1, Map.of("max.message.bytes", "2000"));
    Path file = smallThenBig("big.rejected.jsonl", 5_000);
    try (RejectedTopicPublisher publisher =
        new RejectedTopicPublisher(dlq, SharedKafka.clientProperties())) {
      assertThatThrownBy(() -> publisher.publish(file))
          .isInstanceOf(IOException.class)
          .satisfies(
              e -> {
                Matcher m = TOO_LARGE.matcher(e.getMessage());
                assertThat(m.matches()).as(e.getMessage()).isTrue();
                assertThat(m.group(1)).isEqualTo("41");
                assertThat(Long.parseLong(m.group(2))).isGreaterThan(5_000);
                assertThat(m.group(3)).isEqualTo(dlq);
              });
      // the publisher stays usable: a file that fits goes through
      Path fits = dir.resolve("fits.rejected.jsonl");
      try (RejectedFiles out = new RejectedFiles(fits)) {
        out.write(source("orders", 3, 50, 5L, utf8("c"), random(1_000, 50)), "decode", "bad");
      }
      assertThat(publisher.publish(fits)).isEqualTo(1);
    }
    // the small record before the big one was not sent either
    List<ConsumerRecord<byte[], byte[]>> got = SharedKafka.readAll(dlq);
    assertThat(got).hasSize(1);
    assertThat(lastHeader(got.get(0), "kafkaload.error.offset")).isEqualTo("50");
  }

  @Test
  void a_record_the_broker_refuses_as_too_large_is_the_same_clear_error() throws Exception {
    String dlq = topic("rejected", 1, Map.of("max.message.bytes", "2000"));
    Path file = smallThenBig("big.rejected.jsonl", 5_000);
    // as if the topic's limit had been lowered after the publisher read it
    try (RejectedTopicPublisher publisher =
        new RejectedTopicPublisher(dlq, SharedKafka.clientProperties(), 1_000_000, false)) {
      assertThatThrownBy(() -> publisher.publish(file))
          .isInstanceOf(IOException.class)
          .hasCauseInstanceOf(RecordTooLargeException.class)
          .satisfies(
              e -> {
                Matcher m = TOO_LARGE.matcher(e.getMessage());
                assertThat(m.matches()).as(e.getMessage()).isTrue();
                assertThat(m.group(1)).isEqualTo("41");
                assertThat(m.group(3)).isEqualTo(dlq);
              });
    }
    // at-least-once: the record before it may be in the topic; the big one is not
    assertThat(SharedKafka.readAll(dlq))
        .allSatisfy(r -> assertThat(lastHeader(r, "kafkaload.error.offset")).isEqualTo("40"));
  }

  @Test
  void a_record_of_16_mib_goes_through_whole() throws Exception {
    int size = 16 * 1024 * 1024; // about 22M characters of base64, over Jackson's string limit
    String dlq = topic("rejected", 1, Map.of("max.message.bytes", Integer.toString(20 << 20)));
    byte[] value = random(size, 16);
    Path file = dir.resolve("huge.rejected.jsonl");
    try (RejectedFiles out = new RejectedFiles(file)) {
      out.write(source("orders", 0, 9, 9L, utf8("k"), value), "validate", "too deep");
    }
    try (RejectedTopicPublisher publisher =
        new RejectedTopicPublisher(dlq, SharedKafka.clientProperties())) {
      assertThat(publisher.publish(file)).isEqualTo(1);
    }
    List<ConsumerRecord<byte[], byte[]>> got = SharedKafka.readAll(dlq);
    assertThat(got).hasSize(1);
    assertThat(Arrays.equals(got.get(0).value(), value)).isTrue();
  }

  @Test
  void a_truncated_file_fails_naming_the_record_and_publishes_nothing() throws Exception {
    String dlq = topic("rejected", 1, Map.of());
    Path file = dir.resolve("torn.rejected.jsonl");
    try (RejectedFiles out = new RejectedFiles(file)) {
      out.write(source("orders", 1, 1, 5L, null, utf8("x")), "decode", "bad");
      out.write(source("orders", 1, 2, 5L, null, utf8("y")), "decode", "bad");
    }
    byte[] content = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(content, content.length - 20));
    try (RejectedTopicPublisher publisher =
        new RejectedTopicPublisher(dlq, SharedKafka.clientProperties())) {
      assertThatThrownBy(() -> publisher.publish(file))
          .isInstanceOf(IOException.class)
          .hasMessageStartingWith("rejected-records file " + file + ", record #2: ");
    }
    assertThat(SharedKafka.readAll(dlq)).isEmpty();
  }

  @Test
  void reads_fields_in_any_order_and_skips_unknown_ones() throws Exception {
    String dlq = topic("rejected", 1, Map.of());
    Path file = dir.resolve("literal.rejected.jsonl");
    // base64: "a2V5" = "key", "/wA=" = ff 00; a field a newer writer might add
    Files.writeString(
        file,
        "{\"reason\":\"r\",\"stage\":\"decode\",\"extra\":{\"x\":[1,2]},\"headers\":"
            + "{\"h\":[\"/wA=\",null]},\"value\":null,\"key\":\"a2V5\",\"timestamp\":42,"
            + "\"offset\":9,\"partition\":1,\"topic\":\"t\"}\n");
    try (RejectedTopicPublisher publisher =
        new RejectedTopicPublisher(dlq, SharedKafka.clientProperties())) {
      assertThat(publisher.publish(file)).isEqualTo(1);
    }
    ConsumerRecord<byte[], byte[]> r = SharedKafka.readAll(dlq).get(0);
    assertThat(r.key()).isEqualTo(utf8("key"));
    assertThat(r.value()).isNull();
    assertThat(r.timestamp()).isEqualTo(42L);
    List<H> expected = new ArrayList<>(List.of(H.of("h", bytes(0xff, 0x00)), H.of("h", null)));
    expected.addAll(errorHeaders("t", 1, 9, "decode", "r"));
    assertThat(headers(r)).containsExactlyElementsOf(expected);
  }
}
