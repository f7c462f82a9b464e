package io.kafkaload.worker.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kafkaload.worker.cli.WorkerParts;
import io.kafkaload.worker.config.ConfigException;
import io.kafkaload.worker.config.TestLoads;
import io.kafkaload.worker.config.WorkerConfig;
import io.kafkaload.worker.output.Outputs;
import io.kafkaload.worker.registry.TestSchemaRegistry;
import io.kafkaload.worker.testkit.SharedKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Record headers from a column ({@code sink.kafka.headers}) and the key from a SQL expression
 * ({@code sink.kafka.keyExpression}) on the real broker: a MAP column's entries in order, the
 * {@code _headers} metadata column carried topic to topic with exact bytes, order and repeated
 * names, null values and null columns, the headers column left out of the value (JSON and Avro), a
 * headers column of another type failing the run, and the specs both sides refuse.
 */
class KafkaSinkHeadersTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private TestLoads load(String source, String out, String dlq) {
    return TestLoads.load(source)
        .sharedKafka()
        .name(SharedKafka.uniqueName("headers"))
        .set("spec.sink.kafka.topic", out)
        .flush(7L, null)
        .rejectedTopic(dlq)
        .dir(dir);
  }

  @ParameterizedTest
  @ValueSource(strings = {"Json", "Avro"})
  void headersFromAMapColumnAndTheKeyFromAnExpression(String format) throws Exception {
    String source = SharedKafka.createTopic("hmap", 1);
    String out = SharedKafka.createTopic("hmap-out", 1);
    String dlq = SharedKafka.createTopic("hmap-dlq", 1);
    List<String> values = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      values.add(
          "{\"id\":%d,\"region\":\"r%d\"%s}"
              .formatted(i, i % 3, i % 4 == 0 ? "" : ",\"tag\":\"t" + i + "\""));
    }
    SharedKafka.produceValues(source, 0, values);
    try (TestSchemaRegistry registry = new TestSchemaRegistry()) {
      WorkerConfig config =
          load(source, out, dlq)
              .set("connection.spec.schemaRegistry.url", registry.url())
              .set("spec.sink.kafka.format", format)
              .schema(
                  """
                  fields:
                    - {name: id, type: long, required: true}
                    - {name: region, type: string}
                    - {name: tag, type: string}
                  """)
              .sql(
                  "SELECT id, region, CASE WHEN id % 5 = 0 THEN NULL ELSE MAP {'z-first':"
                      + " 'a', 'tag': tag, 'n': CAST(id * 2 AS VARCHAR)} END AS hdrs FROM message")
              .set("spec.sink.kafka.keyExpression", "region || ':' || id -- the region first")
              .set("spec.sink.kafka.headers", "hdrs")
              .build();

      RunReport run = new LoadRunner(config, new WorkerParts()).run();

      assertThat(run.result()).as(run.message()).isEqualTo(RunReport.SUCCEEDED);
      assertThat(run.recordsWritten()).isEqualTo(20);
      List<ConsumerRecord<byte[], byte[]>> records = KafkaSinkTest.readCommitted(out);
      assertThat(records).hasSize(20);
      AvroValuesReader avro = new AvroValuesReader(registry.url());
      for (ConsumerRecord<byte[], byte[]> r : records) {
        Map<String, Object> value = new TreeMap<>();
        if (format.equals("Avro")) {
          GenericRecord g = avro.read(r.value());
          g.getSchema()
              .getFields()
              .forEach(f -> value.put(f.name(), String.valueOf(g.get(f.name()))));
        } else {
          JsonNode row = JSON.readTree(r.value());
          row.fieldNames().forEachRemaining(n -> value.put(n, row.get(n).asText()));
        }
        // the headers column is not part of the value
        assertThat(value).containsOnlyKeys("id", "region");
        long id = Long.parseLong((String) value.get("id"));
        assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("r" + id % 3 + ":" + id);
        if (id % 5 == 0) {
          assertThat(r.headers().toArray()).isEmpty();
        } else {
          assertThat(headers(r))
              .containsExactly(
                  "z-first=a", "tag=" + (id % 4 == 0 ? null : "t" + id), "n=" + id * 2);
        }
      }
    }
  }

  @Test
  void theHeadersOfASourceTopicAreCarriedOverExactlyInOrderWithRepeatedNames() throws Exception {
    String source = SharedKafka.createTopic("hcarry", 1);
    String out = SharedKafka.createTopic("hcarry-out", 1);
    String dlq = SharedKafka.createTopic("hcarry-dlq", 1);
    List<ProducerRecord<byte[], byte[]>> produced = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      List<Header> headers = new ArrayList<>();
      if (i % 3 != 0) {
        headers.add(new RecordHeader("trace", ("t-" + i).getBytes(StandardCharsets.UTF_8)));
        headers.add(new RecordHeader("b", "ünï €".getBytes(StandardCharsets.UTF_8)));
        headers.add(new RecordHeader("trace", ("again-" + i).getBytes(StandardCharsets.UTF_8)));
        headers.add(new RecordHeader("empty", null));
        headers.add(new RecordHeader("a", new byte[0]));
      }
      produced.add(
          new ProducerRecord<>(
              source,
              0,
              (byte[]) null,
              ("{\"id\":" + i + "}").getBytes(StandardCharsets.UTF_8),
              headers));
    }
    SharedKafka.produce(produced);
    WorkerConfig config =
        load(source, out, dlq)
            .metadataColumns("_headers")
            .set("spec.sink.kafka.headers", "_headers")
            .set("spec.sink.kafka.key", "id")
            .build();

    RunReport run = new LoadRunner(config, new WorkerParts()).run();

    assertThat(run.result()).as(run.message()).isEqualTo(RunReport.SUCCEEDED);
    List<ConsumerRecord<byte[], byte[]>> records = KafkaSinkTest.readCommitted(out);
    assertThat(records).hasSize(10);
    for (int i = 0; i < 10; i++) {
      ConsumerRecord<byte[], byte[]> r = records.get(i);
      assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo("{\"id\":" + i + "}");
      assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(Integer.toString(i));
      Header[] sent = r.headers().toArray();
      Header[] came = produced.get(i).headers().toArray();
      assertThat(sent).hasSameSizeAs(came);
      for (int h = 0; h < came.length; h++) {
        assertThat(sent[h].key()).isEqualTo(came[h].key());
        assertThat(sent[h].value()).isEqualTo(came[h].value());
      }
    }
  }

  @Test
  void nestedAndNonTextHeaderValuesAreSentAsTheirTextAndJson() throws Exception {
    String source = SharedKafka.createTopic("hnest", 1);
    String out = SharedKafka.createTopic("hnest-out", 1);
    String dlq = SharedKafka.createTopic("hnest-dlq", 1);
    SharedKafka.produceValues(source, 0, List.of("{\"id\":1}", "{\"id\":2}"));
    WorkerConfig config =
        load(source, out, dlq)
            .sql(
                "SELECT id, [{'key': 'list', 'value': [id, NULL]}, {'key': 'list', 'value':"
                    + " NULL}] AS h, MAP {id: {'x': 'q\"'}} AS m FROM message")
            .set("spec.sink.kafka.headers", "h")
            .set("spec.sink.kafka.keyExpression", "m")
            .build();

    RunReport run = new LoadRunner(config, new WorkerParts()).run();

    assertThat(run.result()).as(run.message()).isEqualTo(RunReport.SUCCEEDED);
    List<ConsumerRecord<byte[], byte[]>> records = KafkaSinkTest.readCommitted(out);
    assertThat(records).hasSize(2);
    for (ConsumerRecord<byte[], byte[]> r : records) {
      JsonNode row = JSON.readTree(r.value());
      long id = row.get("id").asLong();
      assertThat(headers(r)).containsExactly("list=[" + id + ",null]", "list=null");
      // a nested key is its JSON, as a nested key column's
      assertThat(new String(r.key(), StandardCharsets.UTF_8))
          .isEqualTo("{\"" + id + "\":{\"x\":\"q\\\"\"}}");
      assertThat(row.has("h")).isFalse();
      assertThat(row.get("m").isObject()).isTrue();
    }
  }

  @Test
  void aHeadersColumnOfAnotherTypeFailsTheRunNamingItAndItsType() {
    String source = SharedKafka.createTopic("hwrong", 1);
    String out = SharedKafka.createTopic("hwrong-out", 1);
    String dlq = SharedKafka.createTopic("hwrong-dlq", 1);
    SharedKafka.produceValues(source, 0, List.of("{\"id\":1,\"h\":\"x\"}"));
    WorkerConfig config =
        load(source, out, dlq)
            .sql("SELECT id, 7 AS h FROM message")
            .set("spec.sink.kafka.headers", "h")
            .build();

    RunReport run = new LoadRunner(config, new WorkerParts()).run();

    assertThat(run.result()).isNotEqualTo(RunReport.SUCCEEDED);
    assertThat(run.message())
        .contains("spec.sink.kafka.headers: the column h is INTEGER")
        .contains("MAP");
    assertThat(KafkaSinkTest.readCommitted(out)).isEmpty();
  }

  @Test
  void aKeyAndAKeyExpressionTogetherAndAKeyExpressionThatIsNotOneExpressionAreRefused() {
    assertThatThrownBy(
            () ->
                load("events", "clean", "dlq")
                    .set("spec.sink.kafka.key", "id")
                    .set("spec.sink.kafka.keyExpression", "id || 'x'")
                    .build())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("spec.sink.kafka.keyExpression and spec.sink.kafka.key both set");
    for (String bad : List.of("id; DROP TABLE message", "id FROM message; SELECT 1", "id AS k")) {
      WorkerConfig config =
          load("events", "clean", "dlq").set("spec.sink.kafka.keyExpression", bad).build();
      assertThatThrownBy(() -> Outputs.checkKeyExpression(config.spec()))
          .as(bad)
          .isInstanceOf(ConfigException.class)
          .hasMessageStartingWith("spec.sink.kafka.keyExpression: ");
    }
    Outputs.checkKeyExpression(
        load("events", "clean", "dlq")
            .set("spec.sink.kafka.keyExpression", "customer_id || ':' || region -- a comment")
            .build()
            .spec());
  }

  private static List<String> headers(ConsumerRecord<byte[], byte[]> r) {
    List<String> list = new ArrayList<>();
    for (Header h : r.headers()) {
      list.add(
          h.key()
              + "="
              + (h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8)));
    }
    return list;
  }
}
