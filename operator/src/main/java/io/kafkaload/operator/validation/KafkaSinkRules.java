package io.kafkaload.operator.validation;

import io.kafkaload.operator.api.Compression;
import io.kafkaload.operator.api.KafkaLoadSpec;
import io.kafkaload.operator.api.KafkaSink;
import io.kafkaload.operator.api.LoadMode;
import io.kafkaload.operator.api.ValueFormat;
import io.kafkaload.operator.render.LoadDefaults;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A Kafka sink ({@code sink.kafka}), as the worker's {@code KafkaSinkRules}: a topic name that is
 * none of the load's other topics, Json or Avro values (a schemaStrategy only with Avro; Avro needs
 * the connection's Schema Registry: {@link LoadSpecValidator#validateWith}), a Kafka compression, a
 * key from a column or one SQL expression (DuckDB's parser, as transform.sql), a headers column,
 * the load's own cluster (for now), a rejected topic, and one replica (one transactional producer
 * per load). Whether the load reads the topic is a source rule (SourceTopicRules).
 */
final class KafkaSinkRules {

  private static final Pattern TOPIC = Pattern.compile(KafkaSink.TOPIC_PATTERN);

  private KafkaSinkRules() {}

  static void check(KafkaLoadSpec spec, List<String> problems) {
    if (!LoadDefaults.kafkaSink(spec)) {
      return;
    }
    KafkaSink kafka = spec.getSink().getKafka();
    String topic = kafka.getTopic();
    if (topic == null || topic.isBlank()) {
      problems.add(
          "spec.sink.kafka.topic: missing; name the topic to send the rows to, e.g."
              + " events-clean");
    } else if (!TOPIC.matcher(topic).matches() || topic.equals(".") || topic.equals("..")) {
      problems.add(
          ("spec.sink.kafka.topic: '%s' is not a Kafka topic name; use letters, digits, '.', '_'"
                  + " and '-' (at most 249)")
              .formatted(topic));
    } else {
      if (topic.equals(LoadDefaults.offsetsTopic(spec))) {
        problems.add(
            ("spec.sink.kafka.topic: '%s' is the offsets topic (offsets.topic), where the load"
                    + " keeps its positions; choose another topic")
                .formatted(topic));
      }
      if (spec.getRejected() != null && topic.equals(spec.getRejected().getTopic())) {
        problems.add(
            ("spec.sink.kafka.topic: '%s' is also spec.rejected.topic: rows and rejected records"
                    + " would mix; choose another topic for one of them")
                .formatted(topic));
      }
    }
    ValueFormat format = LoadDefaults.format(kafka);
    if (format != ValueFormat.Json && format != ValueFormat.Avro) {
      problems.add(
          "spec.sink.kafka.format: %s; a Kafka sink writes Json or Avro values: set format: Json or Avro"
              .formatted(format));
    }
    if (kafka.getSchemaStrategy() != null && format != ValueFormat.Avro) {
      problems.add(
          ("spec.sink.kafka.schemaStrategy: %s is for Avro values (format: Avro), and the format is"
                  + " %s: remove schemaStrategy or set format: Avro")
              .formatted(kafka.getSchemaStrategy(), format));
    }
    if (kafka.getCompression() == Compression.Deflate) {
      problems.add(
          "spec.sink.kafka.compression: Deflate; Kafka compresses with None, Gzip, Snappy, Lz4 or"
              + " Zstd");
    }
    if (kafka.getKey() != null && kafka.getKey().isBlank()) {
      problems.add(
          "spec.sink.kafka.key: empty; name the column whose value is the key, or remove key");
    }
    String expression = kafka.getKeyExpression();
    if (expression != null) {
      if (expression.isBlank()) {
        problems.add(
            "spec.sink.kafka.keyExpression: empty; write a SQL expression over the row's columns"
                + " (e.g. customer_id || ':' || region), or remove keyExpression");
      } else if (kafka.getKey() != null) {
        problems.add(
            "spec.sink.kafka.keyExpression: set with spec.sink.kafka.key; the key is either a"
                + " column (key) or an expression (keyExpression): remove one");
      } else {
        DuckDbSql.checkExpression(expression)
            .ifPresent(problem -> problems.add("spec.sink.kafka.keyExpression: " + problem));
      }
    }
    if (kafka.getHeaders() != null && kafka.getHeaders().isBlank()) {
      problems.add(
          "spec.sink.kafka.headers: empty; name the column whose value holds the headers (a MAP,"
              + " or a list of {key, value} such as _headers), or remove headers");
    }
    if (kafka.getConnectionRef() != null && LoadDefaults.sameClusterSinkTopic(spec) == null) {
      problems.add(
          ("spec.sink.kafka.connectionRef: '%s' is another KafkaConnection; a Kafka sink sends to"
                  + " the load's own cluster for now: remove connectionRef")
              .formatted(kafka.getConnectionRef().getName()));
    }
    var rejected = spec.getRejected();
    if (rejected == null || rejected.getTopic() == null) {
      problems.add(
          "spec.rejected.topic: missing; a Kafka sink has no _rejected/ folder: name a topic of"
              + " the load's connection for its rejected records, e.g. rejected.topic:"
              + " events-rejected");
    }
    if (LoadDefaults.mode(spec) == LoadMode.Streaming
        && spec.getReplicas() != null
        && spec.getReplicas() > 1) {
      problems.add(
          ("spec.replicas: %d with sink.kafka; a Kafka sink sends through one transactional"
                  + " producer per load, which a second replica would fence: set replicas: 1")
              .formatted(spec.getReplicas()));
    }
  }
}
