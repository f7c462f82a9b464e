package io.kafkaload.worker.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkaload.worker.cli.WorkerParts;
import io.kafkaload.worker.config.LoadSpec;
import io.kafkaload.worker.config.TestLoads;
import io.kafkaload.worker.config.WorkerConfig;
import io.kafkaload.worker.registry.Backoff;
import io.kafkaload.worker.registry.SchemaRegistryClient;
import io.kafkaload.worker.registry.TestSchemaRegistry;
import io.kafkaload.worker.testkit.SharedKafka;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Avro values in a Kafka sink ({@code sink.kafka.format: Avro}) on the real broker with the
 * in-process registry: every row once, each value in the Confluent wire format and exact when read
 * back with Apache Avro and the schema the registry gives for its id, for every type of the
 * mapping; the subject {@code <topic>-value} holds the derived schema; the subject's latest schema
 * used as it is when the columns fit it (a value it does not take rejected at stage write), refused
 * naming the column when they do not; a schema the registry refuses and a registry that is down
 * fail the run before anything is sent; a re-run sends nothing; and the topic read back by the Avro
 * source gives the same rows.
 */
class KafkaAvroSinkTest {

  /** Every type of the Avro mapping, from the orders' fields. */
  private static final String EVERY_TYPE_SQL =
      """
      SELECT id, "user", amount, ts,
        (id % 100)::INTEGER AS small,
        id::HUGEINT * 1000000000000000000000 AS huge,
        CASE id % 4 WHEN 0 THEN 'NaN'::DOUBLE WHEN 1 THEN '-Infinity'::DOUBLE ELSE id / 8 END
          AS ratio,
        DATE '2026-01-01' + (id % 365)::INTEGER AS day,
        TIMESTAMP '2026-01-02 03:04:05' + to_microseconds(id) AS local_ts,
        ['a' || CAST(id AS VARCHAR), NULL, 'b'] AS tags,
        {'x': id, 'label': "user"} AS point,
        MAP {'k': id, 'n': NULL::BIGINT} AS attrs,
        CASE WHEN id % 3 = 0 THEN NULL ELSE "user" END AS maybe,
        NULL AS nothing,
        id % 2 = 0 AS even
      FROM message""";

  private static final String ORDERS_SCHEMA =
      """
      fields:
        - {name: id, type: long, required: true}
        - {name: user, type: string}
        - {name: amount, type: "decimal(20,4)"}
        - {name: ts, type: timestamp}
      """;

  @TempDir Path dir;
  private final TestSchemaRegistry registry = new TestSchemaRegistry();
  private final AvroValuesReader values = new AvroValuesReader(registry.url());

  @AfterEach
  void stop() {
    registry.close();
  }

  /** A load of {@code source} into the topic {@code out} as Avro, rejects to {@code dlq}. */
  private TestLoads load(String source, String out, String dlq, long flush) {
    return TestLoads.load(source)
        .sharedKafka()
        .name(SharedKafka.uniqueName("avro-offload"))
        .set("connection.spec.schemaRegistry.url", registry.url())
        .set("spec.sink.kafka.topic", out)
        .set("spec.sink.kafka.format", "Avro")
        .flush(flush, null)
        .rejectedTopic(dlq)
        .dir(dir);
  }

  /** {@code count} orders {"id":i,"user":"u-<i % 7> ✓","amount":...,"ts":...}, by user. */
  private static void produceOrders(String topic, int count) {
    int partitions = SharedKafka.partitionCount(topic);
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      records.add(
          new ProducerRecord<>(
              topic, (i % 7) % partitions, null, order(i).getBytes(StandardCharsets.UTF_8)));
    }
    SharedKafka.produce(records);
  }

  private static String order(int i) {
    return "{\"id\":%d,\"user\":\"%s\",\"amount\":\"%s\",\"ts\":\"2026-01-02T03:04:05.%06dZ\"}"
        .formatted(i, user(i), amount(i), (i * 1000) % 1_000_000);
  }

  private static String user(long i) {
    return "u-" + (i % 7) + " ✓";
  }

  /** A decimal no double holds exactly. */
  private static String amount(long i) {
    return "12345678901234." + String.format("%04d", i % 10_000);
  }

  private static long tsMicros(long i) {
    return Instant.parse("2026-01-02T03:04:05Z").getEpochSecond() * 1_000_000L
        + (i * 1000) % 1_000_000;
  }

  @Test
  void everyRowOnceWithExactValuesOfEveryTypeTheSubjectHoldsTheDerivedSchemaAndARerunSendsNothing()
      throws Exception {
    String source = SharedKafka.createTopic("avro-src", 2);
    String out = SharedKafka.createTopic("avro-out", 3);
    String dlq = SharedKafka.createTopic("avro-dlq", 1);
    int count = 1_000;
    produceOrders(source, count);
    WorkerConfig config =
        load(source, out, dlq, 300)
            .schema(ORDERS_SCHEMA)
            .sql(EVERY_TYPE_SQL)
            .set("spec.sink.kafka.key", "user")
            .build();

    RunReport first = new LoadRunner(config, new WorkerParts()).run();

    assertThat(first.result()).as(first.message()).isEqualTo(RunReport.SUCCEEDED);
    assertThat(first.recordsWritten()).isEqualTo(count);
    List<String> versions = registry.versions(out + "-value");
    assertThat(versions).as("one schema for every chunk").hasSize(1);
    Schema derived = new Schema.Parser().parse(versions.get(0));
    assertThat(derived.getName()).isEqualTo(out.replace('-', '_'));
    assertThat(derived.getNamespace()).isEqualTo("io.kafkaload");
    assertThat(fieldTypes(derived))
        .containsExactly(
            "id [\"null\",\"long\"]",
            "user [\"null\",\"string\"]",
            "amount [\"null\",{\"type\":\"bytes\",\"logicalType\":\"decimal\",\"precision\":20,"
                + "\"scale\":4}]",
            "ts [\"null\",{\"type\":\"long\",\"logicalType\":\"timestamp-micros\"}]",
            "small [\"null\",\"int\"]",
            "huge [\"null\",{\"type\":\"bytes\",\"logicalType\":\"decimal\",\"precision\":38,"
                + "\"scale\":0}]",
            "ratio [\"null\",\"double\"]",
            "day [\"null\",{\"type\":\"int\",\"logicalType\":\"date\"}]",
            "local_ts [\"null\",{\"type\":\"long\",\"logicalType\":\"local-timestamp-micros\"}]",
            "tags [\"null\",{\"type\":\"array\",\"items\":[\"null\",\"string\"]}]",
            "point [\"null\",{\"type\":\"record\",\"name\":\""
                + derived.getName()
                + "_point\","
                + "\"namespace\":\"io.kafkaload\",\"fields\":[{\"name\":\"x\",\"type\":[\"null\",\"long\"],"
                + "\"default\":null},{\"name\":\"label\",\"type\":[\"null\",\"string\"],"
                + "\"default\":null}]}]",
            "attrs [\"null\",{\"type\":\"map\",\"values\":[\"null\",\"long\"]}]",
            "maybe [\"null\",\"string\"]",
            "nothing \"null\"",
            "even [\"null\",\"boolean\"]");

    Map<Long, GenericRecord> byId = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> r : KafkaSinkTest.readCommitted(out)) {
      GenericRecord row = decode(r.value());
      long id = (Long) row.get("id");
      assertThat(byId.put(id, row)).as("id %d twice", id).isNull();
      assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(user(id));
    }
    assertThat(byId).hasSize(count);
    for (long id = 0; id < count; id++) {
      assertEveryType(id, byId.get(id));
    }

    RunReport second = new LoadRunner(config, new WorkerParts()).run();
    assertThat(second.result()).as(second.message()).isEqualTo(RunReport.SUCCEEDED);
    assertThat(second.recordsRead()).isZero();
    assertThat(KafkaSinkTest.readCommitted(out)).hasSize(count);
    assertThat(registry.versions(out + "-value")).hasSize(1);
  }

  private static void assertEveryType(long id, GenericRecord row) {
    assertThat(row.get("user").toString()).isEqualTo(user(id));
    assertThat(decimal(row.get("amount"), 4)).isEqualTo(new BigDecimal(amount(id)));
    assertThat(row.get("ts")).isEqualTo(tsMicros(id));
    assertThat(row.get("small")).isEqualTo((int) (id % 100));
    assertThat(decimal(row.get("huge"), 0).toBigIntegerExact())
        .isEqualTo(BigInteger.valueOf(id).multiply(BigInteger.TEN.pow(21)));
    double ratio = id % 4 == 0 ? Double.NaN : id % 4 == 1 ? Double.NEGATIVE_INFINITY : id / 8.0;
    assertThat(Double.compare((Double) row.get("ratio"), ratio)).as("ratio of %d", id).isZero();
    assertThat(row.get("day"))
        .isEqualTo((int) LocalDate.of(2026, 1, 1).plusDays(id % 365).toEpochDay());
    assertThat(row.get("local_ts"))
        .isEqualTo(
            LocalDateTime.of(2026, 1, 2, 3, 4, 5).toEpochSecond(ZoneOffset.UTC) * 1_000_000L + id);
    assertThat(strings((List<?>) row.get("tags"))).containsExactly("a" + id, null, "b");
    GenericRecord point = (GenericRecord) row.get("point");
    assertThat(point.get("x")).isEqualTo(id);
    assertThat(point.get("label").toString()).isEqualTo(user(id));
    Map<String, Object> attrs = new HashMap<>();
    ((Map<?, ?>) row.get("attrs")).forEach((k, v) -> attrs.put(k.toString(), v));
    assertThat(attrs).hasSize(2).containsEntry("k", id).containsEntry("n", null);
    assertThat(row.get("maybe") == null ? null : row.get("maybe").toString())
        .isEqualTo(id % 3 == 0 ? null : user(id));
    assertThat(row.get("nothing")).isNull();
    assertThat(row.get("even")).isEqualTo(id % 2 == 0);
  }

  @Test
  void latestSchemaThatFitsIsWrittenAsItIsAndAValueItDoesNotTakeRejectsItsRow() throws Exception {
    String source = SharedKafka.createTopic("latest-src", 1);
    String out = SharedKafka.createTopic("latest-out", 2);
    String dlq = SharedKafka.createTopic("latest-dlq", 1);
    String latest =
        """
        {"type":"record","name":"Order","namespace":"shop","fields":[
          {"name":"id","type":"long"},
          {"name":"user","type":["null","string"],"default":null},
          {"name":"amount","type":{"type":"bytes","logicalType":"decimal","precision":24,"scale":4}},
          {"name":"ts","type":{"type":"long","logicalType":"timestamp-millis"}},
          {"name":"status","type":{"type":"enum","name":"Status","symbols":["NEW","PAID"]}},
          {"name":"channel","type":"string","default":"web"}
        ]}""";
    int id = registry.register(out + "-value", latest);
    List<String> values = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      String status = i % 10 == 7 ? "CANCELLED" : i % 2 == 0 ? "NEW" : "PAID";
      values.add(order(i).replace("}", ",\"status\":\"" + status + "\"}"));
    }
    SharedKafka.produceValues(source, 0, values);
    WorkerConfig config =
        load(source, out, dlq, 1_000)
            .schema(ORDERS_SCHEMA + "  - {name: status, type: string}\n")
            .set("spec.sink.kafka.schemaStrategy", "Latest")
            .build();

    RunReport run = new LoadRunner(config, new WorkerParts()).run();

    assertThat(run.result()).as(run.message()).isEqualTo(RunReport.SUCCEEDED);
    assertThat(run.recordsWritten()).isEqualTo(45);
    assertThat(run.recordsRejected()).isEqualTo(5);
    assertThat(registry.versions(out + "-value")).as("nothing registered").hasSize(1);
    List<Long> ids = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r : KafkaSinkTest.readCommitted(out)) {
      assertThat(ByteBuffer.wrap(r.value(), 1, 4).getInt()).isEqualTo(id);
      GenericRecord row = decode(r.value());
      long i = (Long) row.get("id");
      ids.add(i);
      assertThat(decimal(row.get("amount"), 4)).isEqualTo(new BigDecimal(amount(i)));
      assertThat(row.get("ts")).isEqualTo(tsMicros(i) / 1000);
      assertThat(row.get("status").toString()).isEqualTo(i % 2 == 0 ? "NEW" : "PAID");
      assertThat(row.get("channel").toString()).isEqualTo("web");
    }
    assertThat(ids).hasSize(45).doesNotContain(7L, 17L, 27L, 37L, 47L);
    List<ConsumerRecord<byte[], byte[]>> rejected = SharedKafka.readAll(dlq);
    assertThat(rejected).hasSize(5);
    for (ConsumerRecord<byte[], byte[]> r : rejected) {
      assertThat(header(r, "kafkaload.error.stage")).isEqualTo("write");
      assertThat(header(r, "kafkaload.error.reason"))
          .contains("column 'status' 'CANCELLED' is not a symbol of the latest schema's enum")
          .contains("subject " + out + "-value version 1");
      assertThat(new String(r.value(), StandardCharsets.UTF_8)).contains("CANCELLED");
    }
  }

  @Test
  void latestSchemaTheColumnsDoNotFitFailsTheRunNamingTheColumnAndSendsNothing() {
    String source = SharedKafka.createTopic("unfit-src", 1);
    String out = SharedKafka.createTopic("unfit-out", 1);
    String dlq = SharedKafka.createTopic("unfit-dlq", 1);
    registry.register(
        out + "-value",
        """
        {"type":"record","name":"Order","fields":[
          {"name":"id","type":"string"},
          {"name":"user","type":["null","string"],"default":null}
        ]}""");
    SharedKafka.produceValues(source, 0, List.of(order(1), order(2)));
    WorkerConfig config =
        load(source, out, dlq, 1_000)
            .sql("SELECT id, \"user\" FROM message")
            .set("spec.sink.kafka.schemaStrategy", "Latest")
            .build();

    RunReport run = new LoadRunner(config, new WorkerParts()).run();

    assertThat(run.result()).isEqualTo(RunReport.FAILED);
    assertThat(run.message())
        .contains("sink.kafka.schemaStrategy Latest")
        .contains("subject " + out + "-value")
        .contains("column 'id' is long in Avro, which its field's string cannot take");
    assertThat(SharedKafka.readAll(out)).isEmpty();
  }

  @Test
  void aSchemaTheRegistryRefusesFailsTheRunWithItsMessageAndSendsNothing() {
    String source = SharedKafka.createTopic("refused-src", 1);
    String out = SharedKafka.createTopic("refused-out", 1);
    String dlq = SharedKafka.createTopic("refused-dlq", 1);
    // BACKWARD: the derived schema (id a long) cannot read what this one (id a string) wrote
    registry.register(
        out + "-value",
        "{\"type\":\"record\",\"name\":\"Order\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"}]}");
    SharedKafka.produceValues(source, 0, List.of(order(1), order(2)));
    WorkerConfig config = load(source, out, dlq, 1_000).sql("SELECT id FROM message").build();

    RunReport run = new LoadRunner(config, new WorkerParts()).run();

    assertThat(run.result()).isEqualTo(RunReport.FAILED);
    assertThat(run.message())
        .contains("the registry refused the schema derived from the rows' columns")
        .contains("subject " + out + "-value")
        .contains("answered 409")
        .contains("incompatible with an earlier schema")
        .contains("The schema: {\"type\":\"record\",\"name\":\"" + out.replace('-', '_'));
    assertThat(SharedKafka.readAll(out)).isEmpty();
    assertThat(registry.versions(out + "-value")).hasSize(1);
  }

  @Test
  void aRegistryThatIsDownFailsTheRunBeforeAnythingIsSentAndTheNextRunSendsEveryRowOnce() {
    String source = SharedKafka.createTopic("down-src", 2);
    String out = SharedKafka.createTopic("down-out", 2);
    String dlq = SharedKafka.createTopic("down-dlq", 1);
    produceOrders(source, 100);
    WorkerConfig config = load(source, out, dlq, 30).schema(ORDERS_SCHEMA).build();
    SchemaRegistryClient.Settings quick =
        new SchemaRegistryClient.Settings(
            Duration.ofSeconds(5),
            new Backoff(Duration.ofMillis(20), Duration.ofMillis(100), Duration.ofMillis(500)),
            100,
            Duration.ofSeconds(1));
    registry.failNext(Integer.MAX_VALUE, 503);

    RunReport down = new LoadRunner(config, new WorkerParts().sinkRegistrySettings(quick)).run();

    assertThat(down.result()).isEqualTo(RunReport.FAILED);
    assertThat(down.message())
        .contains("could not register the schema derived from the rows' columns")
        .contains("answered 503")
        .contains("gave up after")
        .doesNotContain("The schema:");
    assertThat(SharedKafka.readAll(out)).isEmpty();

    registry.failNext(0, 503);
    RunReport again = new LoadRunner(config, new WorkerParts()).run();
    assertThat(again.result()).as(again.message()).isEqualTo(RunReport.SUCCEEDED);
    List<Long> ids = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r : KafkaSinkTest.readCommitted(out)) {
      ids.add((Long) decode(r.value()).get("id"));
    }
    assertThat(ids).doesNotHaveDuplicates().hasSize(100);
  }

  @Test
  void aColumnWithoutAnAvroMappingFailsTheRunNamingItAndSendsNothing() {
    String source = SharedKafka.createTopic("unmapped-src", 1);
    String out = SharedKafka.createTopic("unmapped-out", 1);
    String dlq = SharedKafka.createTopic("unmapped-dlq", 1);
    SharedKafka.produceValues(source, 0, List.of(order(1)));
    WorkerConfig config =
        load(source, out, dlq, 1_000).sql("SELECT id, '101'::BIT AS flags FROM message").build();

    RunReport run = new LoadRunner(config, new WorkerParts()).run();

    assertThat(run.result()).isEqualTo(RunReport.FAILED);
    assertThat(run.message())
        .contains("sink.kafka.format Avro: cannot write column 'flags' of DuckDB type BIT")
        .contains("has no Avro mapping; cast it in the query");
    assertThat(SharedKafka.readAll(out)).isEmpty();
  }

  @Test
  void theAvroTopicLoadedBackByTheAvroSourceGivesTheSameRows() throws Exception {
    String source = SharedKafka.createTopic("trip-src", 2);
    String out = SharedKafka.createTopic("trip-out", 2);
    String dlq = SharedKafka.createTopic("trip-dlq", 1);
    int count = 300;
    produceOrders(source, count);
    WorkerConfig offload =
        load(source, out, dlq, 100)
            .schema(ORDERS_SCHEMA)
            .sql(
                "SELECT id, \"user\", amount, ts, DATE '2026-01-01' + (id % 365)::INTEGER AS day,"
                    + " ['a' || CAST(id AS VARCHAR), 'b'] AS tags, {'x': id, 'label': \"user\"}"
                    + " AS point FROM message")
            .build();
    RunReport sent = new LoadRunner(offload, new WorkerParts()).run();
    assertThat(sent.result()).as(sent.message()).isEqualTo(RunReport.SUCCEEDED);

    Path files = dir.resolve("back");
    WorkerConfig back =
        Loads.files(SharedKafka.uniqueName("avro-back"), out, files)
            .valueFormat(LoadSpec.ValueFormat.Avro)
            .set("connection.spec.schemaRegistry.url", registry.url())
            .offsets(LoadSpec.OffsetStoreKind.File)
            .dir(dir)
            .build();
    RunReport loaded = new LoadRunner(back, new WorkerParts()).run();
    assertThat(loaded.result()).as(loaded.message()).isEqualTo(RunReport.SUCCEEDED);
    assertThat(loaded.recordsWritten()).isEqualTo(count);

    List<String> rows = new ArrayList<>();
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = db.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT id, \"user\", amount::VARCHAR, ts::VARCHAR, day::VARCHAR,"
                    + " tags::VARCHAR, point.x, point.label FROM read_parquet('"
                    + files.resolve("*.parquet")
                    + "') ORDER BY id")) {
      while (rs.next()) {
        rows.add(
            String.join(
                " | ",
                Arrays.asList(
                    rs.getString(1),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getString(4),
                    rs.getString(5),
                    rs.getString(6),
                    rs.getString(7),
                    rs.getString(8))));
      }
    }
    List<String> expected = new ArrayList<>();
    for (long i = 0; i < count; i++) {
      expected.add(
          String.join(
              " | ",
              List.of(
                  Long.toString(i),
                  user(i),
                  amount(i),
                  // the Avro source gives a timestamp-micros as its ISO text, to the microsecond
                  "2026-01-02T03:04:05.%06dZ".formatted((i * 1000) % 1_000_000),
                  LocalDate.of(2026, 1, 1).plusDays(i % 365).toString(),
                  "[a" + i + ", b]",
                  Long.toString(i),
                  user(i))));
    }
    assertThat(rows).isEqualTo(expected);
  }

  /** Each field's name and its type as JSON. */
  private static List<String> fieldTypes(Schema schema) {
    List<String> out = new ArrayList<>();
    for (Schema.Field f : schema.getFields()) {
      out.add(f.name() + " " + f.schema());
    }
    return out;
  }

  private GenericRecord decode(byte[] value) {
    return values.read(value);
  }

  private static BigDecimal decimal(Object bytes, int scale) {
    ByteBuffer b = ((ByteBuffer) bytes).duplicate();
    byte[] unscaled = new byte[b.remaining()];
    b.get(unscaled);
    return new BigDecimal(new BigInteger(unscaled), scale);
  }

  private static List<String> strings(List<?> items) {
    List<String> out = new ArrayList<>();
    for (Object item : items) {
      out.add(item == null ? null : item.toString());
    }
    return out;
  }

  private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
    return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }
}
