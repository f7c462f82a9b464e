package io.kafkaload.worker.pipeline;

import io.kafkaload.worker.cli.WorkerParts;
import io.kafkaload.worker.config.LoadSpec;
import io.kafkaload.worker.config.TestLoads;
import io.kafkaload.worker.config.WorkerConfig;
import io.kafkaload.worker.demo.SampleEvents;
import io.kafkaload.worker.testkit.SharedKafka;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Builds loads against the shared broker and reads their output back with DuckDB. */
final class Loads {
  private Loads() {}

  /**
   * A load of {@code topic} into files under {@code out} against the shared broker, in namespace
   * {@code default} as a user's file without one; runtime folders and the rest are the caller's.
   */
  static TestLoads files(String name, String topic, Path out) {
    return TestLoads.files(topic, out).sharedKafka().namespace("default").name(name);
  }

  static RunReport run(WorkerConfig config) {
    return new LoadRunner(config, new WorkerParts()).run();
  }

  /** Produces {@code count} sample events (1 % malformed) round-robin; returns the valid ids. */
  static Set<Long> produceEvents(String topic, long firstId, int count) {
    SampleEvents events = new SampleEvents(firstId, 1);
    int partitions = SharedKafka.partitionCount(topic);
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    Set<Long> valid = new HashSet<>();
    for (int i = 0; i < count; i++) {
      byte[] value = events.next();
      // event_id restarts at 0 for each SampleEvents: shift it so ids stay unique across calls
      String text = new String(value, java.nio.charset.StandardCharsets.UTF_8);
      text =
          text.replaceFirst("\\{\"event_id\":" + i + ",", "{\"event_id\":" + (firstId + i) + ",");
      if (!events.lastMalformed()) {
        valid.add(firstId + i);
      }
      records.add(
          new ProducerRecord<>(
              topic, i % partitions, null, text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
    SharedKafka.produce(records);
    return valid;
  }

  /** The event ids in the output, one entry per row (duplicates kept, to be detected). */
  static List<Long> eventIds(Path out, LoadSpec.FileFormat format) throws Exception {
    return longs(out, format, "event_id");
  }

  /** A column of every row in the output's data files (hive folders included), as longs. */
  static List<Long> longs(Path out, LoadSpec.FileFormat format, String column) throws Exception {
    List<Long> ids = new ArrayList<>();
    List<Path> files = dataFiles(out, format);
    if (files.isEmpty()) {
      return ids;
    }
    if (format == LoadSpec.FileFormat.Avro) {
      for (Path file : files) {
        try (org.apache.avro.file.DataFileReader<org.apache.avro.generic.GenericRecord> reader =
            new org.apache.avro.file.DataFileReader<>(
                file.toFile(), new org.apache.avro.generic.GenericDatumReader<>())) {
          for (org.apache.avro.generic.GenericRecord r : reader) {
            ids.add(((Number) r.get(column)).longValue());
          }
        }
      }
      return ids;
    }
    String list =
        files.stream().map(f -> "'" + f + "'").collect(java.util.stream.Collectors.joining(", "));
    String reader =
        switch (format) {
          case Parquet -> "read_parquet([" + list + "], hive_partitioning = false)";
          case Csv -> "read_csv([" + list + "], header = true, hive_partitioning = false)";
          default ->
              "read_json([" + list + "], format = 'newline_delimited', hive_partitioning = false)";
        };
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = db.createStatement();
        ResultSet rs = st.executeQuery("SELECT \"" + column + "\" FROM " + reader)) {
      while (rs.next()) {
        ids.add(rs.getLong(1));
      }
    }
    return ids;
  }

  /** The data files under {@code out} (not hidden, not rejected), in name order. */
  static List<Path> dataFiles(Path out, LoadSpec.FileFormat format) throws Exception {
    if (!java.nio.file.Files.isDirectory(out)) {
      return List.of();
    }
    String ext =
        switch (format) {
          case Parquet -> "\\.parquet";
          case Csv -> "\\.csv(\\.gz|\\.zst)?";
          case Avro -> "\\.avro";
          case Json -> "\\.jsonl(\\.gz|\\.zst)?";
        };
    try (java.util.stream.Stream<Path> walk = java.nio.file.Files.walk(out)) {
      return walk.filter(java.nio.file.Files::isRegularFile)
          .filter(p -> !out.relativize(p).toString().startsWith("_rejected"))
          .filter(p -> !out.relativize(p).toString().startsWith("."))
          .filter(p -> p.getFileName().toString().matches("[^.].*" + ext))
          .sorted()
          .toList();
    }
  }

  /** The rejected records kept under {@code out/_rejected}: (offset, reason) per record. */
  static List<String> rejected(Path out) throws Exception {
    List<String> rows = new ArrayList<>();
    Path dir = out.resolve("_rejected");
    if (!java.nio.file.Files.isDirectory(dir)) {
      return rows;
    }
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = db.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT partition, \"offset\", stage, reason, value FROM read_json('"
                    + dir.resolve("*.jsonl")
                    + "', format='newline_delimited')")) {
      while (rs.next()) {
        rows.add(
            rs.getInt(1)
                + "@"
                + rs.getLong(2)
                + " "
                + rs.getString(3)
                + ": "
                + rs.getString(4)
                + " value="
                + rs.getString(5));
      }
    }
    return rows;
  }
}
