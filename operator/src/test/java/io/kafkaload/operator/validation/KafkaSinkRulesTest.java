package io.kafkaload.operator.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkaload.operator.api.Compression;
import io.kafkaload.operator.api.ConnectionRef;
import io.kafkaload.operator.api.KafkaLoad;
import io.kafkaload.operator.api.KafkaSink;
import io.kafkaload.operator.api.OffsetStoreType;
import io.kafkaload.operator.api.OffsetsSpec;
import io.kafkaload.operator.api.SchemaStrategy;
import io.kafkaload.operator.api.ValueFormat;
import io.kafkaload.operator.render.LoadDefaults;
import io.kafkaload.operator.testing.Examples;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Kafka sink: each broken spec (from the topic-to-topic example) gives exactly one problem,
 * naming the field and the fix, as the worker's KafkaSinkRules says it.
 */
class KafkaSinkRulesTest {

  static Stream<Arguments> brokenSpecs() {
    return Stream.of(
        broken(
            "reads its own output topic",
            l -> l.getSpec().getSource().getKafka().setTopics(List.of("orders", "orders-clean")),
            "spec.source.kafka.topics[1]: is the load's own sink.kafka.topic 'orders-clean'"),
        broken(
            "a pattern that takes in the output topic",
            l -> {
              l.getSpec().getSource().getKafka().setTopics(null);
              l.getSpec().getSource().getKafka().setTopicPattern("orders(-clean)?");
            },
            "spec.source.kafka.topicPattern: matches the load's own sink.kafka.topic"
                + " 'orders-clean'"),
        broken(
            "the offsets topic",
            l -> kafka(l).setTopic("comet_offsets"),
            "spec.sink.kafka.topic: 'comet_offsets' is the offsets topic"),
        broken(
            "the rejected topic",
            l -> kafka(l).setTopic("orders-rejected"),
            "spec.sink.kafka.topic: 'orders-rejected' is also spec.rejected.topic"),
        broken(
            "not a topic name",
            l -> kafka(l).setTopic("orders clean"),
            "spec.sink.kafka.topic: 'orders clean' is not a Kafka topic name"),
        broken(
            "no topic",
            l -> kafka(l).setTopic(null),
            "spec.sink.kafka.topic: missing; name the topic"),
        broken(
            "String values",
            l -> kafka(l).setFormat(ValueFormat.String),
            "spec.sink.kafka.format: String; a Kafka sink writes Json or Avro values"),
        broken(
            "a schema strategy for Json values",
            l -> kafka(l).setSchemaStrategy(SchemaStrategy.Latest),
            "spec.sink.kafka.schemaStrategy: Latest is for Avro values (format: Avro), and the"
                + " format is Json"),
        broken(
            "Deflate",
            l -> kafka(l).setCompression(Compression.Deflate),
            "spec.sink.kafka.compression: Deflate; Kafka compresses with None, Gzip"),
        broken("blank key", l -> kafka(l).setKey(" "), "spec.sink.kafka.key: empty"),
        broken(
            "a key and a key expression",
            l -> kafka(l).setKeyExpression("customer_id || 'x'"),
            "spec.sink.kafka.keyExpression: set with spec.sink.kafka.key; the key is either a"
                + " column (key) or an expression (keyExpression)"),
        broken(
            "a key expression with a statement separator",
            l -> {
              kafka(l).setKey(null);
              kafka(l).setKeyExpression("customer_id; DROP TABLE message");
            },
            "spec.sink.kafka.keyExpression: syntax error at or near \"FROM\" (at the end)"),
        broken(
            "a key expression with a clause after it",
            l -> {
              kafka(l).setKey(null);
              kafka(l).setKeyExpression("customer_id FROM message WHERE true");
            },
            "spec.sink.kafka.keyExpression: "),
        broken(
            "a blank key expression",
            l -> {
              kafka(l).setKey(null);
              kafka(l).setKeyExpression(" ");
            },
            "spec.sink.kafka.keyExpression: empty"),
        broken(
            "a blank headers column",
            l -> kafka(l).setHeaders(""),
            "spec.sink.kafka.headers: empty"),
        broken(
            "another cluster",
            l -> kafka(l).setConnectionRef(new ConnectionRef("other-kafka")),
            "spec.sink.kafka.connectionRef: 'other-kafka' is another KafkaConnection"),
        broken(
            "no rejected topic",
            l -> l.getSpec().setRejected(null),
            "spec.rejected.topic: missing; a Kafka sink has no _rejected/ folder"),
        broken(
            "two replicas",
            l -> l.getSpec().setReplicas(2),
            "spec.replicas: 2 with sink.kafka; a Kafka sink sends through one transactional"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenSpecs")
  void eachMistakeIsOneProblemWithItsFix(String name, Consumer<KafkaLoad> breakIt, String problem) {
    KafkaLoad load = load();
    assertThat(LoadSpecValidator.validate(load)).isEmpty();
    breakIt.accept(load);
    assertThat(LoadSpecValidator.validate(load)).singleElement().asString().startsWith(problem);
  }

  @Test
  void theOwnConnectionNamedAndTheAtLeastOnceStoresAreValid() {
    KafkaLoad load = load();
    kafka(load).setConnectionRef(new ConnectionRef("local-kafka"));
    assertThat(LoadSpecValidator.validate(load)).isEmpty();
    for (OffsetStoreType store : List.of(OffsetStoreType.Group, OffsetStoreType.Sink)) {
      OffsetsSpec offsets = new OffsetsSpec();
      offsets.setStore(store);
      load.getSpec().setOffsets(offsets);
      assertThat(LoadSpecValidator.validate(load)).as(store.toString()).isEmpty();
    }
  }

  @Test
  void avroValuesWithEitherStrategyAreValidAndNeedTheConnectionsRegistry() {
    KafkaLoad load = load();
    kafka(load).setFormat(ValueFormat.Avro);
    assertThat(LoadSpecValidator.validate(load)).isEmpty();
    assertThat(LoadDefaults.schemaStrategy(kafka(load))).isEqualTo(SchemaStrategy.Register);
    assertThat(LoadDefaults.subject(kafka(load))).isEqualTo("orders-clean-value");
    kafka(load).setSchemaStrategy(SchemaStrategy.Latest);
    assertThat(LoadSpecValidator.validate(load)).isEmpty();
    assertThat(LoadDefaults.schemaStrategy(kafka(load))).isEqualTo(SchemaStrategy.Latest);

    Path examples = Examples.repoRoot().resolve("examples");
    assertThat(
            LoadSpecValidator.validateWith(
                load, Examples.connection(examples.resolve("kafkaload-topic-to-topic.yaml"))))
        .singleElement()
        .asString()
        .startsWith(
            "spec.sink.kafka.format: Avro needs a Schema Registry, and KafkaConnection"
                + " local-kafka has no spec.schemaRegistry");
    assertThat(
            LoadSpecValidator.validateWith(
                load, Examples.connection(examples.resolve("kafkaload-topic-to-topic-avro.yaml"))))
        .isEmpty();
    kafka(load).setFormat(ValueFormat.Json);
    kafka(load).setSchemaStrategy(null);
    assertThat(LoadDefaults.schemaStrategy(kafka(load))).isNull();
  }

  @Test
  void theDefaultStoreIsTheSinkAndTheOutputTopicIsTheSameCluster() {
    KafkaLoad load = load();
    assertThat(LoadDefaults.offsetStore(load.getSpec())).isEqualTo(OffsetStoreType.Sink);
    assertThat(LoadDefaults.sameClusterSinkTopic(load.getSpec())).isEqualTo("orders-clean");
    kafka(load).setConnectionRef(new ConnectionRef("other-kafka"));
    assertThat(LoadDefaults.sameClusterSinkTopic(load.getSpec())).isNull();
  }

  private static KafkaSink kafka(KafkaLoad load) {
    return load.getSpec().getSink().getKafka();
  }

  private static KafkaLoad load() {
    return Examples.load(
        Examples.repoRoot().resolve("examples").resolve("kafkaload-topic-to-topic.yaml"));
  }

  @Test
  void aKeyExpressionInsteadOfTheKeyAndAHeadersColumnAreValid() {
    KafkaLoad load = load();
    assertThat(kafka(load).getHeaders()).isEqualTo("_headers");
    kafka(load).setKey(null);
    kafka(load).setKeyExpression("customer_id || ':' || CAST(order_id AS VARCHAR) -- a comment");
    assertThat(LoadSpecValidator.validate(load)).isEmpty();
  }

  private static Arguments broken(String name, Consumer<KafkaLoad> breakIt, String problem) {
    return Arguments.of(name, breakIt, problem);
  }
}
