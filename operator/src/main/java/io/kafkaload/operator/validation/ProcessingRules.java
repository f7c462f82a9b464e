package io.kafkaload.operator.validation;

import io.kafkaload.operator.api.KafkaLoadSpec;
import io.kafkaload.operator.api.KafkaSource;
import io.kafkaload.operator.api.MetadataColumn;
import io.kafkaload.operator.api.RejectedSpec;
import io.kafkaload.operator.api.TransformSpec;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What happens to records between decode and write: metadata columns, the schema ({@link
 * SchemaRules}), the SQL transform (parsed by DuckDB, never run) and where rejects go.
 */
final class ProcessingRules {

  private static final Pattern TOPIC = Pattern.compile("^[a-zA-Z0-9._-]{1,249}$");

  private ProcessingRules() {}

  static void check(KafkaLoadSpec spec, List<String> problems) {
    KafkaSource kafka = spec.getSource() == null ? null : spec.getSource().getKafka();
    if (kafka != null && kafka.getMetadataColumns() != null) {
      checkMetadataColumns(kafka.getMetadataColumns(), problems);
    }
    if (spec.getSchema() != null) {
      SchemaRules.check(spec.getSchema(), problems);
    }
    if (spec.getTransform() != null) {
      checkTransform(spec.getTransform(), problems);
    }
    if (spec.getRejected() != null) {
      checkRejected(spec.getRejected(), problems);
    }
  }

  private static void checkMetadataColumns(List<MetadataColumn> columns, List<String> problems) {
    Set<MetadataColumn> seen = new HashSet<>();
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i) == null) {
        problems.add(
            ("spec.source.kafka.metadataColumns[%d]: not a metadata column; use _topic,"
                    + " _partition, _offset, _timestamp, _key or _headers")
                .formatted(i));
      } else if (!seen.add(columns.get(i))) {
        problems.add(
            "spec.source.kafka.metadataColumns[%d]: listed twice; list each column once"
                .formatted(i));
      }
    }
  }

  private static void checkTransform(TransformSpec transform, List<String> problems) {
    String sql = transform.getSql();
    if (sql == null || sql.isBlank()) {
      problems.add(
          "spec.transform.sql: missing; write a SELECT over the table message, or remove"
              + " transform");
      return;
    }
    DuckDbSql.checkQuery(sql).ifPresent(problem -> problems.add("spec.transform.sql: " + problem));
  }

  private static void checkRejected(RejectedSpec rejected, List<String> problems) {
    Long max = rejected.getMaxRejected();
    if (max != null && max < 0) {
      problems.add(
          "spec.rejected.maxRejected: %d is below 0; use 0 (no reject allowed) or more"
              .formatted(max));
    }
    Double ratio = rejected.getMaxRejectedRatio();
    if (ratio != null && !(ratio >= 0 && ratio <= 1)) {
      problems.add(
          "spec.rejected.maxRejectedRatio: %s is not in [0, 1]; use a share such as 0.01 for 1%%"
              .formatted(ratio));
    }
    String topic = rejected.getTopic();
    if (topic == null) {
      return;
    }
    if (!TOPIC.matcher(topic).matches() || topic.equals(".") || topic.equals("..")) {
      problems.add(
          ("spec.rejected.topic: '%s' is not a Kafka topic name; use letters, digits, '.', '_'"
                  + " and '-' (at most 249)")
              .formatted(topic));
    }
    // a rejected topic the load also reads: SourceTopicRules
  }
}
