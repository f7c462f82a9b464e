package io.kafkaload.worker.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.kafkaload.worker.config.LoadSpec.FileFormat;
import io.kafkaload.worker.config.TestLoads;
import io.kafkaload.worker.pipeline.GeneratedRecords.Gen;
import io.kafkaload.worker.testkit.SharedKafka;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Generated hostile chunks (see {@link GeneratedRecords}) loaded with and without a schema, with
 * the metadata columns and hive folders, into every file format, on the real broker. On every
 * chunk: the run succeeds; read = written + rejected + filtered (tombstones); every offset is
 * written or rejected, never both; each rejected record has a stage and a reason that quotes none
 * of its strings; every file parses with an independent reader (DuckDB for Parquet and CSV, strict
 * Jackson for JSON lines, Avro's own reader); metadata columns hold Kafka's values; in Parquet
 * every top-level scalar written equals its input; nothing is written outside the sink's folder.
 */
class SchemalessLoadProperties {

  private static final ObjectMapper STRICT =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build();

  @Provide
  Arbitrary<List<Gen>> chunks() {
    return GeneratedRecords.records().list().ofMinSize(1).ofMaxSize(25);
  }

  @Provide
  Arbitrary<FileFormat> formats() {
    return Arbitraries.of(FileFormat.class);
  }

  @Property
  void everyRecordIsWrittenExactlyOrRejectedWithAReason(
      @ForAll("chunks") List<Gen> records,
      @ForAll("formats") FileFormat format,
      @ForAll boolean partitioned,
      @ForAll boolean withSchema)
      throws Exception {
    Path dir = Files.createTempDirectory("props");
    try {
      check(records, format, partitioned, withSchema ? SCHEMA : "", dir);
    } finally {
      try (Stream<Path> walk = Files.walk(dir)) {
        for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  /** A schema over the generated names: the validator's checks instead of inference. */
  private static final String SCHEMA =
      """
      fields:
        - name: a
          type: string
        - name: amount
          type: double
        - name: b
          type: long
        - name: p
          type: string
        - name: user
          type: json
        - name: tags
          type: decimal(38,0)
      """;

  private void check(
      List<Gen> records, FileFormat format, boolean partitioned, String schema, Path dir)
      throws Exception {
    String topic = SharedKafka.uniqueName("props");
    SharedKafka.admin()
        .createTopics(
            List.of(
                new NewTopic(topic, 1, (short) 1)
                    .configs(Map.of("message.timestamp.after.max.ms", "" + Long.MAX_VALUE))))
        .all()
        .get(60, java.util.concurrent.TimeUnit.SECONDS);
    List<ProducerRecord<byte[], byte[]>> produced = new ArrayList<>();
    for (Gen g : records) {
      produced.add(new ProducerRecord<>(topic, 0, g.timestamp(), g.key(), g.value()));
    }
    SharedKafka.produce(produced);
    Path out = dir.resolve("out");
    TestLoads load =
        Loads.files(SharedKafka.uniqueName("props"), topic, out)
            .format(format)
            .metadataColumns("_offset", "_partition", "_timestamp", "_key")
            .dir(dir);
    if (partitioned) {
      load.partitionBy("p");
    }
    if (!schema.isEmpty()) {
      load.schema(schema);
    }

    RunReport report = Loads.run(load.build());

    assertThat(report.result()).as(report.message()).isEqualTo(RunReport.SUCCEEDED);
    assertThat(report.recordsRead()).isEqualTo(records.size());
    // tombstones (null values) carry no row: counted as filtered (docs: B8)
    long tombstones = records.stream().filter(g -> g.value() == null).count();
    assertThat(report.recordsFiltered()).isEqualTo(tombstones);
    LoadChecks.assertAccounted(report);
    Set<Long> rejected = new HashSet<>();
    for (JsonNode r : LoadChecks.rejected(out).values()) {
      long offset = r.get("offset").asLong();
      rejected.add(offset);
      String reason = r.get("reason").asText();
      assertThat(r.get("stage").asText()).isIn("decode", "validate", "write");
      assertThat(reason).isNotBlank().doesNotContain("\n");
      // (a schema's reasons quote the field's value, cut to 64 characters: docs/validation.md)
      for (String s : schema.isEmpty() ? strings(records.get((int) offset)) : List.<String>of()) {
        assertThat(reason).as("reason quotes a value").doesNotContain(s);
      }
    }
    List<Map<String, Object>> rows = rows(out, format);
    Set<Long> written = new HashSet<>();
    for (Map<String, Object> row : rows) {
      long offset = ((Number) number(row.get("_offset"))).longValue();
      assertThat(written.add(offset)).as("offset written twice: " + offset).isTrue();
      Gen g = records.get((int) offset);
      assertThat(((Number) number(row.get("_partition"))).intValue()).isZero();
      String key = row.get("_key") == null ? null : row.get("_key").toString();
      if (format == FileFormat.Csv && key == null) {
        key = ""; // documented: CSV writes null and the empty string alike (an empty field)
      }
      String expected = expectedKey(g.key());
      assertThat(key).isEqualTo(format == FileFormat.Csv && expected == null ? "" : expected);
      if (format == FileFormat.Parquet) {
        assertThat(((Number) row.get("ms")).longValue()).isEqualTo(g.timestamp());
        if (schema.isEmpty()) {
          assertScalarsEqual(g, row);
        }
      }
    }
    assertThat(java.util.Collections.disjoint(written, rejected))
        .as("written and rejected")
        .isTrue();
    assertThat(written.size() + rejected.size() + tombstones).isEqualTo(records.size());
    assertThat(report.recordsWritten()).isEqualTo(written.size());
    try (Stream<Path> top = Files.list(dir)) {
      assertThat(top.map(p -> p.getFileName().toString()))
          .allMatch(n -> n.equals("out") || n.endsWith(".yaml") || n.equals("offsets"));
    }
  }

  /** Top-level scalars of the input equal the written values (numbers by value). */
  private static void assertScalarsEqual(Gen g, Map<String, Object> row) throws Exception {
    JsonNode input = STRICT.readTree(g.value());
    for (Iterator<Map.Entry<String, JsonNode>> it = input.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode v = e.getValue();
      if (e.getKey().equals("p") || !row.containsKey(e.getKey())) {
        continue; // a hive folder's column, or a name DuckDB spells otherwise
      }
      Object got = row.get(e.getKey());
      String what = "member " + e.getKey() + " of offset " + row.get("_offset");
      if (v.isTextual()) {
        assertThat(got).as(what).isEqualTo(v.asText());
      } else if (v.isBoolean()) {
        assertThat(got).as(what).isEqualTo(v.asBoolean());
      } else if (v.isNull()) {
        assertThat(got).as(what).isNull();
      } else if (v.isNumber()) {
        if (got instanceof Double d) {
          assertThat(d).as(what).isEqualTo(Double.parseDouble(v.asText()));
        } else {
          assertThat(new BigDecimal(got.toString()).compareTo(v.decimalValue()))
              .as(what + ": " + got)
              .isZero();
        }
      }
    }
  }

  private static List<Map<String, Object>> rows(Path out, FileFormat format) throws Exception {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Path file : Loads.dataFiles(out, format)) {
      switch (format) {
        case Json -> {
          for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            @SuppressWarnings("unchecked")
            Map<String, Object> row = STRICT.readValue(line, Map.class);
            rows.add(row);
          }
        }
        case Avro -> {
          try (DataFileReader<GenericRecord> reader =
              new DataFileReader<>(file.toFile(), new GenericDatumReader<>())) {
            for (GenericRecord r : reader) {
              Map<String, Object> row = new java.util.HashMap<>();
              for (var f : r.getSchema().getFields()) {
                Object v = r.get(f.name());
                row.put(f.name(), v instanceof CharSequence c ? c.toString() : v);
              }
              rows.add(row);
            }
          }
        }
        default -> rows.addAll(duckDb(file, format));
      }
    }
    return rows;
  }

  private static List<Map<String, Object>> duckDb(Path file, FileFormat format) throws Exception {
    String reader =
        format == FileFormat.Parquet
            ? "read_parquet('" + file + "', hive_partitioning = false)"
            : "read_csv('"
                + file
                + "', header = true, hive_partitioning = false, all_varchar = true)";
    String extra = format == FileFormat.Parquet ? ", epoch_ms(_timestamp) AS ms" : "";
    List<Map<String, Object>> rows = new ArrayList<>();
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = db.createStatement();
        ResultSet rs = st.executeQuery("SELECT *" + extra + " FROM " + reader)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        Map<String, Object> row = new java.util.HashMap<>();
        for (int i = 1; i <= n; i++) {
          row.put(rs.getMetaData().getColumnName(i), rs.getObject(i));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  private static Object number(Object v) {
    return v instanceof String s ? Long.parseLong(s) : v;
  }

  /** The key as the _key column holds it: UTF-8 text, else base64; null when absent. */
  private static String expectedKey(byte[] key) {
    if (key == null) {
      return null;
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(key)).toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      return Base64.getEncoder().encodeToString(key);
    }
  }

  /** The strings of a record's value longer than 5 characters (they must not reach a reason). */
  private static List<String> strings(Gen g) {
    List<String> found = new ArrayList<>();
    try {
      collect(STRICT.readTree(g.value()), found);
    } catch (Exception | Error notJson) {
      // not JSON: nothing to look for
    }
    return found;
  }

  private static void collect(JsonNode n, List<String> found) {
    if (n == null) {
      return;
    }
    if (n.isTextual() && n.asText().length() > 5) {
      found.add(n.asText());
    }
    for (JsonNode child : n) {
      collect(child, found);
    }
  }
}
