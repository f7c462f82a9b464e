package io.kafkaload.worker.config;

import java.util.List;

/**
 * The checks of a Kafka sink ({@code sink.kafka}), as the CRD's rules and the operator's {@code
 * KafkaSinkRules}; the corpus examples/invalid/ holds both sides to them. Whether the topic is one
 * the load reads is a source rule ({@link SourceTopicRules}).
 */
final class KafkaSinkRules {

  private KafkaSinkRules() {}

  static void check(LoadSpec spec, List<String> p) {
    LoadSpec.KafkaSink kafka = spec.sink().kafka();
    String topic = kafka.topic();
    if (isBlank(topic)) {
      p.add("spec.sink.kafka.topic is missing; name the topic to send the rows to");
    } else if (!SpecValidator.isTopicName(topic)) {
      p.add(
          "spec.sink.kafka.topic '"
              + topic
              + "' is not a Kafka topic name; use letters, digits, '.', '_' and '-' (at most"
              + " 249)");
    } else {
      if (topic.equals(spec.offsetsTopicOrDefault())) {
        p.add(
            "spec.sink.kafka.topic '"
                + topic
                + "' is the offsets topic (offsets.topic), where the load keeps its positions;"
                + " choose another topic");
      }
      if (spec.rejected() != null && topic.equals(spec.rejected().topic())) {
        p.add(
            "spec.sink.kafka.topic '"
                + topic
                + "' is also spec.rejected.topic: rows and rejected records would mix; choose"
                + " another topic for one of them");
      }
    }
    LoadSpec.ValueFormat format = kafka.formatOrDefault();
    if (format != LoadSpec.ValueFormat.Json && format != LoadSpec.ValueFormat.Avro) {
      p.add(
          "spec.sink.kafka.format "
              + format
              + ": a Kafka sink writes Json or Avro values; set format: Json or Avro");
    }
    if (kafka.schemaStrategy() != null && format != LoadSpec.ValueFormat.Avro) {
      p.add(
          "spec.sink.kafka.schemaStrategy "
              + kafka.schemaStrategy()
              + " is for Avro values (format: Avro), and the format is "
              + format
              + ": remove schemaStrategy or set format: Avro");
    }
    if (kafka.compressionOrDefault() == LoadSpec.Compression.Deflate) {
      p.add(
          "spec.sink.kafka.compression Deflate: Kafka compresses with None, Gzip, Snappy, Lz4 or"
              + " Zstd");
    }
    if (kafka.key() != null && kafka.key().isBlank()) {
      p.add("spec.sink.kafka.key is empty; name the column whose value is the key, or remove key");
    }
    if (kafka.keyExpression() != null) {
      if (kafka.keyExpression().isBlank()) {
        p.add(
            "spec.sink.kafka.keyExpression is empty; write a SQL expression over the row's"
                + " columns (e.g. customer_id || ':' || region), or remove keyExpression");
      } else if (kafka.key() != null) {
        p.add(
            "spec.sink.kafka.keyExpression and spec.sink.kafka.key both set; the key is either a"
                + " column (key) or an expression (keyExpression): remove one");
      }
    }
    if (kafka.headers() != null && kafka.headers().isBlank()) {
      p.add(
          "spec.sink.kafka.headers is empty; name the column whose value holds the headers (a"
              + " MAP, or a list of {key, value} such as _headers), or remove headers");
    }
    if (kafka.connectionRef() != null && SourceTopicRules.sameClusterOutput(spec) == null) {
      p.add(
          "spec.sink.kafka.connectionRef "
              + kafka.connectionRef().name()
              + " is another KafkaConnection; a Kafka sink sends to the load's own cluster for"
              + " now: remove connectionRef");
    }
    if (spec.rejected() == null || isBlank(spec.rejected().topic())) {
      p.add(
          "a Kafka sink sends its rejected records to a topic: set spec.rejected.topic (the"
              + " records are produced, acknowledged, before each commit)");
    }
  }

  /**
   * What the sink asks of the load's KafkaConnection: Avro values need its Schema Registry (the
   * operator checks it against the KafkaConnection it resolves).
   */
  static void checkConnection(WorkerConfig config, List<String> p) {
    LoadSpec.Sink sink = config.spec() == null ? null : config.spec().sink();
    if (sink == null
        || sink.kafka() == null
        || sink.kafka().formatOrDefault() != LoadSpec.ValueFormat.Avro) {
      return;
    }
    ConnectionSpec connection = config.connection() == null ? null : config.connection().spec();
    if (connection == null
        || connection.schemaRegistry() == null
        || isBlank(connection.schemaRegistry().url())) {
      p.add(
          "spec.sink.kafka.format Avro needs a Schema Registry, and the KafkaConnection has no"
              + " spec.schemaRegistry.url; add it there (e.g. url: http://schema-registry:8081),"
              + " or set format: Json");
    }
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}
