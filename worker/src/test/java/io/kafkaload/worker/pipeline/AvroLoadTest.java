package io.kafkaload.worker.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkaload.worker.cli.WorkerParts;
import io.kafkaload.worker.config.LoadSpec;
import io.kafkaload.worker.config.TestLoads;
import io.kafkaload.worker.config.WorkerConfig;
import io.kafkaload.worker.registry.TestSchemaRegistry;
import io.kafkaload.worker.testkit.SharedKafka;
import io.kafkaload.worker.testkit.SharedPostgres;
import io.kafkaload.worker.testkit.SharedPostgres.Database;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Avro in the Confluent wire format on the real broker, with schemas from an in-process registry
 * that wants basic auth: the rows land in Parquet as plain columns, and the records that cannot be
 * read (an unknown schema id, a cut-off body) land in {@code _rejected/} with their reason.
 */
class AvroLoadTest {

  static final String ORDER =
      """
      {"type":"record","name":"Order","namespace":"shop","fields":[
        {"name":"order_id","type":"long"},
        {"name":"customer","type":"string"},
        {"name":"amount","type":{"type":"bytes","logicalType":"decimal","precision":10,"scale":2}},
        {"name":"placed","type":{"type":"long","logicalType":"timestamp-millis"}},
        {"name":"status","type":{"type":"enum","name":"Status","symbols":["NEW","PAID"]}},
        {"name":"note","type":["null","string"],"default":null},
        {"name":"items","type":{"type":"array","items":{"type":"record","name":"Item","fields":[
          {"name":"sku","type":"string"},{"name":"qty","type":"int"}]}}}
      ]}""";

  @TempDir Path dir;
  private final TestSchemaRegistry registry = new TestSchemaRegistry();

  @AfterEach
  void stop() {
    registry.close();
  }

  @Test
  void avroRecordsLoadIntoParquetAndUnreadableOnesAreRejectedWithTheirReason() throws Exception {
    registry.requireBasicAuth("loader", "pw");
    Files.createDirectories(dir.resolve("secrets/registry-auth"));
    Files.writeString(dir.resolve("secrets/registry-auth/username"), "loader");
    Files.writeString(dir.resolve("secrets/registry-auth/password"), "pw\n");
    int id = registry.register("orders-value", ORDER);
    Schema schema = new Schema.Parser().parse(ORDER);

    String topic = SharedKafka.createTopic("avro-orders", 2);
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      records.add(new ProducerRecord<>(topic, i % 2, null, wire(id, schema, order(schema, i))));
    }
    byte[] good = wire(id, schema, order(schema, 7));
    byte[] unknownId = good.clone();
    unknownId[4] = (byte) 99; // schema id 99: not in the registry
    records.add(new ProducerRecord<>(topic, 0, null, unknownId));
    records.add(new ProducerRecord<>(topic, 1, null, java.util.Arrays.copyOf(good, 12)));
    SharedKafka.produce(records);

    Path out = dir.resolve("out");
    RunReport report = new LoadRunner(config(topic, out, true), new WorkerParts()).run();

    assertThat(report.result()).as(report.message()).isEqualTo(RunReport.SUCCEEDED);
    assertThat(report.recordsRead()).isEqualTo(202);
    assertThat(report.recordsWritten()).isEqualTo(200);
    assertThat(report.recordsRejected()).isEqualTo(2);
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = db.createStatement()) {
      String rows = "read_parquet('" + out.resolve("*.parquet") + "')";
      try (ResultSet rs =
          st.executeQuery(
              "SELECT count(*), count(DISTINCT order_id), sum(order_id) FROM " + rows)) {
        rs.next();
        assertThat(rs.getLong(1)).isEqualTo(200);
        assertThat(rs.getLong(2)).isEqualTo(200);
        assertThat(rs.getLong(3)).isEqualTo(199 * 200 / 2);
      }
      try (ResultSet rs =
          st.executeQuery(
              "SELECT customer, amount, placed, status, note, items[1].sku, items[2].qty,"
                  + " len(items) FROM "
                  + rows
                  + " WHERE order_id = 7")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("customer-7 ✓");
        assertThat(rs.getString(2)).isEqualTo("7.07");
        assertThat(rs.getString(3)).isEqualTo("2026-11-25T10:00:07.000Z");
        assertThat(rs.getString(4)).isEqualTo("PAID");
        assertThat(rs.getString(5)).isNull();
        assertThat(rs.getString(6)).isEqualTo("sku-7-0");
        assertThat(rs.getInt(7)).isEqualTo(2);
        assertThat(rs.getInt(8)).isEqualTo(2);
      }
    }
    List<String> rejected = Loads.rejected(out);
    assertThat(rejected).hasSize(2);
    assertThat(rejected)
        .anySatisfy(
            r ->
                assertThat(r)
                    .startsWith(
                        "0@100 decode: unknown schema id 99: the schema registry has none"));
    assertThat(rejected)
        .anySatisfy(
            r ->
                assertThat(r)
                    .startsWith("1@100 decode: field customer: Avro body truncated at byte 12"));
  }

  @Test
  void avroWithoutARegistryFailsTheRunSayingWhatToSet() throws Exception {
    String topic = SharedKafka.createTopic("avro-noreg", 1);
    RunReport report =
        new LoadRunner(config(topic, dir.resolve("out"), false), new WorkerParts()).run();
    assertThat(report.result()).isEqualTo(RunReport.FAILED);
    assertThat(report.message()).contains("KafkaConnection spec.schemaRegistry.url");
  }

  static final String MEASURE =
      """
      {"type":"record","name":"Measure","fields":[
        {"name":"id","type":"int"},
        {"name":"f","type":"float"},
        {"name":"d","type":"double"},
        {"name":"n","type":["null","double"]}
      ]}""";

  /** id i holds VALUES[i] in each of f, d and n: NaN, the infinities, a signed zero, a number. */
  static final double[] VALUES = {
    Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 1.5
  };

  private String measures(int id) throws Exception {
    Files.createDirectories(dir.resolve("secrets/registry-auth"));
    Files.writeString(dir.resolve("secrets/registry-auth/username"), "loader");
    Files.writeString(dir.resolve("secrets/registry-auth/password"), "pw");
    Schema schema = new Schema.Parser().parse(MEASURE);
    String topic = SharedKafka.createTopic("avro-nan", 1);
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    for (int i = 0; i < VALUES.length; i++) {
      GenericRecord r = new GenericData.Record(schema);
      r.put("id", i);
      r.put("f", (float) VALUES[i]);
      r.put("d", VALUES[i]);
      r.put("n", VALUES[i]);
      records.add(new ProducerRecord<>(topic, 0, null, wire(id, schema, r)));
    }
    SharedKafka.produce(records);
    return topic;
  }

  private static Path only(Path out, String ext) throws Exception {
    try (var files = Files.walk(out)) {
      List<Path> found =
          files
              .filter(f -> f.getFileName().toString().endsWith(ext))
              .filter(f -> !out.relativize(f).toString().startsWith("_"))
              .toList();
      assertThat(found).hasSize(1);
      return found.get(0);
    }
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"Parquet", "Avro", "Csv"})
  void nanAndInfinitiesOfAvroFloatsAreWrittenAsTheyAre(String format) throws Exception {
    String topic = measures(registry.register("measures-value", MEASURE));
    Path out = dir.resolve("out");
    RunReport report = new LoadRunner(config(topic, out, true, format), new WorkerParts()).run();

    assertThat(report.result()).as(report.message()).isEqualTo(RunReport.SUCCEEDED);
    assertThat(report.recordsWritten()).isEqualTo(VALUES.length);
    assertThat(report.recordsRejected()).isZero();
    List<double[]> rows = new ArrayList<>(); // id, f, d, n
    switch (format) {
      case "Parquet" -> {
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
            Statement st = db.createStatement();
            ResultSet rs =
                st.executeQuery(
                    "SELECT id, f, d, n, typeof(f), typeof(d) FROM read_parquet('"
                        + only(out, ".parquet")
                        + "') ORDER BY id")) {
          while (rs.next()) {
            assertThat(rs.getString(5) + " " + rs.getString(6)).isEqualTo("DOUBLE DOUBLE");
            rows.add(
                new double[] {rs.getInt(1), rs.getDouble(2), rs.getDouble(3), rs.getDouble(4)});
          }
        }
      }
      case "Avro" -> {
        try (var reader =
            new org.apache.avro.file.DataFileReader<GenericRecord>(
                only(out, ".avro").toFile(),
                new org.apache.avro.generic.GenericDatumReader<GenericRecord>())) {
          for (GenericRecord r : reader) {
            rows.add(
                new double[] {
                  ((Number) r.get("id")).doubleValue(),
                  (Double) r.get("f"),
                  (Double) r.get("d"),
                  (Double) r.get("n")
                });
          }
        }
      }
      default -> {
        List<String> lines = Files.readAllLines(only(out, ".csv"));
        assertThat(lines)
            .containsExactly(
                "id,f,d,n",
                "0,nan,nan,nan",
                "1,inf,inf,inf",
                "2,-inf,-inf,-inf",
                "3,-0.0,-0.0,-0.0",
                "4,1.5,1.5,1.5");
        return;
      }
    }
    assertThat(rows).hasSize(VALUES.length);
    for (double[] row : rows) {
      double expected = VALUES[(int) row[0]];
      for (int k = 1; k < 4; k++) {
        // Double.compare tells NaN and -0.0 apart, as == does not
        assertThat(Double.compare(row[k], expected)).as("id %s column %s", row[0], k).isZero();
      }
    }
  }

  @Test
  void jsonLinesOutputRejectsNanAndInfinitiesAndStaysStrictJson() throws Exception {
    String topic = measures(registry.register("measures-value", MEASURE));
    Path out = dir.resolve("out");
    RunReport report = new LoadRunner(config(topic, out, true, "Json"), new WorkerParts()).run();

    assertThat(report.result()).as(report.message()).isEqualTo(RunReport.SUCCEEDED);
    assertThat(report.recordsWritten()).isEqualTo(2);
    assertThat(report.recordsRejected()).isEqualTo(3);
    var json = new com.fasterxml.jackson.databind.ObjectMapper(); // default features: strict JSON
    List<String> lines = Files.readAllLines(only(out, ".jsonl"));
    assertThat(lines).hasSize(2);
    for (String line : lines) {
      json.readTree(line);
    }
    assertThat(json.readTree(lines.get(0)).get("d").doubleValue()).isEqualTo(-0.0);
    assertThat(lines.get(1)).isEqualTo("{\"id\":4,\"f\":1.5,\"d\":1.5,\"n\":1.5}");
    String why =
        " is not a number JSON lines output can hold (strict JSON has no NaN or Infinity;"
            + " Parquet, Avro and CSV files, Iceberg and PostgreSQL keep it) (schema id ";
    assertThat(Loads.rejected(out))
        .satisfiesExactlyInAnyOrder(
            r -> assertThat(r).startsWith("0@0 decode: field f: NaN" + why),
            r -> assertThat(r).startsWith("0@1 decode: field f: Infinity" + why),
            r -> assertThat(r).startsWith("0@2 decode: field f: -Infinity" + why));
  }

  private WorkerConfig config(String topic, Path out, boolean withRegistry) throws Exception {
    return config(topic, out, withRegistry, "Parquet");
  }

  @Test
  void nanAndInfinitiesOfAvroFloatsReachPostgresqlDoublePrecision() throws Exception {
    String topic = measures(registry.register("measures-value", MEASURE));
    String dlq = SharedKafka.createTopic("avro-nan-dlq", 1);
    String table = SharedKafka.uniqueName("measures").replace('-', '_');
    Database db = SharedPostgres.newDatabase();
    db.writeSecret(dir.resolve("secrets"), "pg");
    WorkerConfig config =
        avroLoad(topic, false)
            .name(SharedKafka.uniqueName("avro-pg"))
            .set("connection.spec.schemaRegistry.url", registry.url())
            .set("spec.sink.jdbc.secretRef.name", "pg")
            .set("spec.sink.jdbc.table", "public." + table)
            .set("spec.sink.jdbc.createTable", true)
            .rejectedTopic(dlq)
            .build();
    RunReport report = new LoadRunner(config, new WorkerParts()).run();

    assertThat(report.result()).as(report.message()).isEqualTo(RunReport.SUCCEEDED);
    assertThat(report.recordsWritten()).isEqualTo(VALUES.length);
    assertThat(report.recordsRejected()).isZero();
    List<String> rows = new ArrayList<>();
    try (Connection c = db.connect();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT id, f::text, d::text, n::text, pg_typeof(d)::text FROM public."
                    + table
                    + " ORDER BY id")) {
      while (rs.next()) {
        rows.add(
            rs.getInt(1)
                + " "
                + rs.getString(2)
                + " "
                + rs.getString(3)
                + " "
                + rs.getString(4)
                + " "
                + rs.getString(5));
      }
    }
    assertThat(rows)
        .containsExactly(
            "0 NaN NaN NaN double precision",
            "1 Infinity Infinity Infinity double precision",
            "2 -Infinity -Infinity -Infinity double precision",
            "3 -0 -0 -0 double precision",
            "4 1.5 1.5 1.5 double precision");
  }

  /**
   * With {@code spec.schema} the rule is the one without: double fields take Avro's NaN and
   * infinities where the output holds them (a string field their text), JSON lines output rejects
   * them at decode saying why.
   */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"Parquet", "Avro", "Csv", "Json"})
  void aLoadWithASchemaWritesNanAndInfinitiesWhereTheOutputHoldsThem(String format)
      throws Exception {
    String topic = measures(registry.register("measures-value", MEASURE));
    Path out = dir.resolve("out");
    String schema =
        """
        fields:
          - {name: id, type: long}
          - {name: f, type: double}
          - {name: d, type: double}
          - {name: n, type: string}
        """;
    RunReport report =
        new LoadRunner(config(topic, out, true, format, schema), new WorkerParts()).run();

    assertThat(report.result()).as(report.message()).isEqualTo(RunReport.SUCCEEDED);
    if (format.equals("Json")) {
      assertThat(report.recordsWritten()).isEqualTo(2);
      assertThat(report.recordsRejected()).isEqualTo(3);
      String why =
          " is not a number JSON lines output can hold (strict JSON has no NaN or Infinity;"
              + " Parquet, Avro and CSV files, Iceberg and PostgreSQL keep it) (schema id ";
      assertThat(Loads.rejected(out))
          .satisfiesExactlyInAnyOrder(
              r -> assertThat(r).startsWith("0@0 decode: field f: NaN" + why),
              r -> assertThat(r).startsWith("0@1 decode: field f: Infinity" + why),
              r -> assertThat(r).startsWith("0@2 decode: field f: -Infinity" + why));
      return;
    }
    assertThat(report.recordsRejected()).isZero();
    assertThat(report.recordsWritten()).isEqualTo(VALUES.length);
    List<String> rows = new ArrayList<>();
    if (format.equals("Csv")) {
      rows.addAll(Files.readAllLines(only(out, ".csv")));
      assertThat(rows)
          .containsExactly(
              "id,f,d,n",
              "0,nan,nan,NaN",
              "1,inf,inf,Infinity",
              "2,-inf,-inf,-Infinity",
              "3,-0.0,-0.0,-0.0",
              "4,1.5,1.5,1.5");
      return;
    }
    String reader =
        format.equals("Parquet")
            ? "read_parquet('" + only(out, ".parquet") + "')"
            : "read_avro('" + only(out, ".avro") + "')";
    if (format.equals("Avro")) {
      try (var avro =
          new org.apache.avro.file.DataFileReader<GenericRecord>(
              only(out, ".avro").toFile(),
              new org.apache.avro.generic.GenericDatumReader<GenericRecord>())) {
        for (GenericRecord r : avro) {
          double expected = VALUES[((Number) r.get("id")).intValue()];
          assertThat(Double.compare((Double) r.get("f"), expected)).isZero();
          assertThat(Double.compare((Double) r.get("d"), expected)).isZero();
          rows.add(r.get("id") + " " + r.get("n"));
        }
      }
    } else {
      try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
          Statement st = db.createStatement();
          ResultSet rs =
              st.executeQuery("SELECT id, f, d, n, typeof(f) FROM " + reader + " ORDER BY id")) {
        while (rs.next()) {
          double expected = VALUES[rs.getInt(1)];
          assertThat(rs.getString(5)).isEqualTo("DOUBLE");
          // Double.compare tells NaN and -0.0 apart, as == does not
          assertThat(Double.compare(rs.getDouble(2), expected)).isZero();
          assertThat(Double.compare(rs.getDouble(3), expected)).isZero();
          rows.add(rs.getInt(1) + " " + rs.getString(4));
        }
      }
    }
    assertThat(rows)
        .containsExactlyInAnyOrder("0 NaN", "1 Infinity", "2 -Infinity", "3 -0.0", "4 1.5");
  }

  private WorkerConfig config(String topic, Path out, boolean withRegistry, String format)
      throws Exception {
    return config(topic, out, withRegistry, format, "");
  }

  /**
   * A load of the Avro topic into {@code format} files under {@code out}, positions in a File
   * store; {@code schema}: the YAML of {@code spec.schema}, or empty.
   */
  private WorkerConfig config(
      String topic, Path out, boolean withRegistry, String format, String schema) throws Exception {
    TestLoads load =
        avroLoad(topic, withRegistry)
            .set("spec.sink.files.path", out.toString())
            .format(LoadSpec.FileFormat.valueOf(format))
            .offsets(LoadSpec.OffsetStoreKind.File);
    return (schema.isEmpty() ? load : load.schema(schema)).build();
  }

  /** A load of the Avro topic, with or without the registry (basic auth: registry-auth). */
  private TestLoads avroLoad(String topic, boolean withRegistry) {
    TestLoads load =
        TestLoads.load(topic)
            .sharedKafka()
            .name(SharedKafka.uniqueName("avro-load"))
            .valueFormat(LoadSpec.ValueFormat.Avro)
            .dir(dir);
    return withRegistry
        ? load.set("connection.spec.schemaRegistry.url", registry.url())
            .set("connection.spec.schemaRegistry.basicAuthSecretRef.name", "registry-auth")
        : load;
  }

  private static GenericRecord order(Schema schema, int i) {
    GenericRecord order = new GenericData.Record(schema);
    order.put("order_id", (long) i);
    order.put("customer", "customer-" + i + " ✓");
    order.put("amount", ByteBuffer.wrap(BigInteger.valueOf(i * 101L).toByteArray()));
    order.put("placed", java.time.Instant.parse("2026-11-25T10:00:00Z").toEpochMilli() + i * 1000L);
    order.put(
        "status",
        new GenericData.EnumSymbol(
            schema.getField("status").schema(), i % 2 == 0 ? "NEW" : "PAID"));
    order.put("note", i % 3 == 0 ? "note " + i : null);
    Schema item = schema.getField("items").schema().getElementType();
    List<GenericRecord> items = new ArrayList<>();
    for (int k = 0; k < 2; k++) {
      GenericRecord line = new GenericData.Record(item);
      line.put("sku", "sku-" + i + "-" + k);
      line.put("qty", k + 1);
      items.add(line);
    }
    order.put("items", items);
    return order;
  }

  /** Byte 0, the schema id big-endian, the record in Avro binary: what a producer sends. */
  private static byte[] wire(int id, Schema schema, GenericRecord record) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.write(0);
    bytes.write(ByteBuffer.allocate(4).putInt(id).array());
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
    new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
    encoder.flush();
    return bytes.toByteArray();
  }
}
