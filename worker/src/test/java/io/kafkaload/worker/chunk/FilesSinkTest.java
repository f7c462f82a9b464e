package io.kafkaload.worker.chunk;

import static io.kafkaload.worker.chunk.SinkTestKit.published;
import static io.kafkaload.worker.chunk.SinkTestKit.query;
import static io.kafkaload.worker.chunk.SinkTestKit.record;
import static io.kafkaload.worker.chunk.SinkTestKit.scalar;
import static io.kafkaload.worker.chunk.SinkTestKit.sql;
import static io.kafkaload.worker.chunk.SinkTestKit.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kafkaload.worker.config.LoadSpec.FileFormat;
import io.kafkaload.worker.config.TestLoads;
import io.kafkaload.worker.output.files.FilesOutput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilesSinkTest {

  private static final TopicPartition TP = new TopicPartition("events", 3);
  private static final String ZEROS = "0".repeat(16);

  @TempDir Path dir;

  /** Small segments, so a few thousand rows already span several files and inference groups. */
  private static Tuning smallSegments() {
    return new Tuning(2, "256MB", 2, 16 * 1024, "zstd", 2);
  }

  private static String row(int id) {
    return "{\"id\":" + id + ",\"name\":\"n-" + id + "\",\"nested\":{\"x\":" + id + "}}";
  }

  @Test
  void parquet_holds_every_row_once_in_order_and_rejects_beside_it() throws Exception {
    ChunkResult result;
    List<Integer> expected = new ArrayList<>();
    try (ChunkEngine sink = FilesOutput.sink(dir, FileFormat.Parquet, smallSegments())) {
      Chunk chunk = sink.open(TP, 1000);
      for (int offset = 1000; offset < 6000; offset++) {
        if (offset % 97 == 0) {
          chunk.reject(record("events", 3, offset, null, utf8("{oops"), 1L), "decode", "bad");
        } else {
          chunk.append(offset, utf8(row(offset)));
          expected.add(offset);
        }
      }
      assertThat(chunk.records()).isEqualTo(expected.size());
      assertThat(chunk.rejected()).isEqualTo(5000 - expected.size());
      // offsets 6000..6004 were transaction markers: the range still covers them
      result = chunk.seal(6005).get();
    }
    String base = "events+3+" + ZEROS + "1000+" + ZEROS + "6004";
    Path data = dir.resolve(base + ".parquet");
    Path rejected = dir.resolve("_rejected/" + base + ".jsonl");
    assertThat(result)
        .isEqualTo(
            new ChunkResult(
                TP,
                1000,
                6005,
                expected.size(),
                5000 - expected.size(),
                List.of(data),
                List.of(rejected)));
    assertThat(published(dir))
        .containsExactlyInAnyOrder(base + ".parquet", "_rejected/" + base + ".jsonl");
    List<String> ids = query("SELECT id FROM read_parquet(" + sql(data) + ")");
    assertThat(ids).isEqualTo(expected.stream().map(String::valueOf).toList());
    assertThat(query("SELECT name, nested.x FROM read_parquet(" + sql(data) + ") LIMIT 1"))
        .containsExactly("n-1000|1000");
    assertThat(Files.readAllLines(rejected)).hasSize(5000 - expected.size());
  }

  @Test
  void json_lines_are_the_values_one_per_line() throws Exception {
    List<String> values =
        List.of(
            "{\"a\":1}",
            "  {\n  \"b\" : [1,\r\n 2]\n}\n\n",
            "{\"c\":\"text with \\n escaped newline and é\"}",
            "\t{}");
    try (ChunkEngine sink = FilesOutput.sink(dir, FileFormat.Json, Tuning.defaults())) {
      Chunk chunk = sink.open(TP, 0);
      for (int i = 0; i < values.size(); i++) {
        chunk.append(i, utf8(values.get(i)));
      }
      ChunkResult result = chunk.seal(4).get();
      assertThat(result.files()).hasSize(1);
      assertThat(result.rejectedFiles()).isEmpty();
    }
    String name = "events+3+" + ZEROS + "0000+" + ZEROS + "0003.jsonl";
    assertThat(published(dir)).containsExactly(name);
    assertThat(Files.readAllLines(dir.resolve(name)))
        .containsExactly(
            "{\"a\":1}",
            "{   \"b\" : [1,   2] }",
            "{\"c\":\"text with \\n escaped newline and é\"}",
            "{}");
    assertThat(
            scalar(
                "SELECT count(*) FROM read_json("
                    + sql(dir.resolve(name))
                    + ", format = 'newline_delimited')"))
        .isEqualTo("4");
  }

  @Test
  void rejected_records_keep_their_original_bytes_headers_and_reason() throws Exception {
    byte[] key = {(byte) 0xFF, 0x00, 0x41};
    byte[] value = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', '}'};
    ConsumerRecord<byte[], byte[]> withAll =
        record("events", 3, 10, key, value, 1_700_000_000_123L);
    withAll
        .headers()
        .add("trace", utf8("abc"))
        .add("dup", new byte[] {1})
        .add("dup", new byte[] {2});
    withAll.headers().add("empty", null);
    ConsumerRecord<byte[], byte[]> tombstone = record("events", 3, 11, null, null, -1);
    try (ChunkEngine sink = FilesOutput.sink(dir, FileFormat.Parquet, Tuning.defaults())) {
      Chunk chunk = sink.open(TP, 10);
      chunk.reject(withAll, "decode", "starts with a UTF-8 byte order mark");
      chunk.reject(tombstone, "decode", "null value (tombstone)");
      ChunkResult result = chunk.seal(12).get();
      assertThat(result.files()).isEmpty();
      assertThat(result.written()).isZero();
      assertThat(result.rejected()).isEqualTo(2);
    }
    String name = "events+3+" + ZEROS + "0010+" + ZEROS + "0011.jsonl";
    assertThat(published(dir)).containsExactly("_rejected/" + name);
    List<String> lines = Files.readAllLines(dir.resolve("_rejected").resolve(name));
    assertThat(lines).hasSize(2);
    ObjectMapper mapper = new ObjectMapper();
    JsonNode first = mapper.readTree(lines.get(0));
    assertThat(first.get("topic").asText()).isEqualTo("events");
    assertThat(first.get("partition").asInt()).isEqualTo(3);
    assertThat(first.get("offset").asLong()).isEqualTo(10);
    assertThat(first.get("timestamp").asLong()).isEqualTo(1_700_000_000_123L);
    assertThat(Base64.getDecoder().decode(first.get("key").asText())).isEqualTo(key);
    assertThat(Base64.getDecoder().decode(first.get("value").asText())).isEqualTo(value);
    assertThat(Base64.getDecoder().decode(first.get("headers").get("trace").asText()))
        .isEqualTo(utf8("abc"));
    assertThat(first.get("headers").get("dup").toString()).isEqualTo("[\"AQ==\",\"Ag==\"]");
    assertThat(first.get("headers").get("empty").isNull()).isTrue();
    assertThat(first.get("stage").asText()).isEqualTo("decode");
    assertThat(first.get("reason").asText()).isEqualTo("starts with a UTF-8 byte order mark");
    JsonNode second = mapper.readTree(lines.get(1));
    assertThat(second.get("key").isNull()).isTrue();
    assertThat(second.get("value").isNull()).isTrue();
    assertThat(second.get("timestamp").isNull()).isTrue();
    assertThat(second.get("headers").size()).isZero();
  }

  @Test
  void empty_chunks_write_nothing_and_complete_at_once() throws Exception {
    try (ChunkEngine sink = FilesOutput.sink(dir, FileFormat.Parquet, Tuning.defaults())) {
      ChunkResult none = sink.open(TP, 50).seal(50).getNow(null);
      assertThat(none).isEqualTo(new ChunkResult(TP, 50, 50, 0, 0, List.of(), List.of()));
      // only transaction markers in 50..59: the range moves on, nothing is written
      ChunkResult markers = sink.open(TP, 50).seal(60).getNow(null);
      assertThat(markers).isEqualTo(new ChunkResult(TP, 50, 60, 0, 0, List.of(), List.of()));
      assertThat(published(dir)).isEmpty();
    }
  }

  @Test
  void names_pad_offsets_to_twenty_digits() throws Exception {
    TopicPartition tp = new TopicPartition("orders.v2-eu_1", 12);
    long big = 98_765_432_109L;
    try (ChunkEngine sink = FilesOutput.sink(dir, FileFormat.Json, Tuning.defaults())) {
      Chunk chunk = sink.open(tp, big);
      chunk.append(big + 4, utf8("{}"));
      chunk.seal(big + 7).get();
    }
    assertThat(published(dir))
        .containsExactly("orders.v2-eu_1+12+00000000098765432109+00000000098765432115.jsonl");
  }

  @Test
  void offsets_must_grow_inside_the_chunk() throws Exception {
    try (ChunkEngine sink = FilesOutput.sink(dir, FileFormat.Json, Tuning.defaults())) {
      Chunk chunk = sink.open(TP, 100);
      assertThatThrownBy(() -> chunk.append(99, utf8("{}")))
          .isInstanceOf(IllegalArgumentException.class);
      chunk.append(100, utf8("{}"));
      assertThatThrownBy(() -> chunk.append(100, utf8("{}")))
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(chunk.seal(100)).isCompletedExceptionally();
      assertThatThrownBy(() -> chunk.append(101, utf8("{}")))
          .isInstanceOf(IllegalStateException.class);
    }
    assertThat(published(dir)).isEmpty();
  }

  @Test
  void close_waits_for_sealed_chunks_and_clears_scratch() throws Exception {
    List<java.util.concurrent.CompletableFuture<ChunkResult>> futures = new ArrayList<>();
    ChunkEngine sink = FilesOutput.sink(dir, FileFormat.Parquet, Tuning.defaults());
    for (int p = 0; p < 3; p++) {
      Chunk chunk = sink.open(new TopicPartition("events", p), 0);
      for (int i = 0; i < 2000; i++) {
        chunk.append(i, utf8(row(i)));
      }
      futures.add(chunk.seal(2000));
    }
    Chunk unsealed = sink.open(new TopicPartition("events", 9), 0);
    unsealed.append(0, utf8(row(0)));
    sink.close();
    assertThat(futures).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
    assertThat(SinkTestKit.tree(dir))
        .containsExactlyInAnyOrderElementsOf(
            IntStream.range(0, 3)
                .mapToObj(p -> "events+" + p + "+" + ZEROS + "0000+" + ZEROS + "1999.parquet")
                .toList());
    assertThat(Files.list(dir.resolve(ScratchDir.ROOT))).isEmpty();
  }

  @Test
  void a_spec_opens_a_sink_with_the_spec_format() throws Exception {
    try (ChunkEngine sink = FilesOutput.sink(TestLoads.files("t", dir).spec().sink().files())) {
      Chunk chunk = sink.open(TP, 0);
      chunk.append(0, utf8("{\"a\":1}"));
      assertThat(chunk.seal(1).get().files().get(0).toString()).endsWith(".parquet");
    }
  }
}
