package io.kafkaload.operator.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.kafkaload.operator.api.KafkaConnection;
import io.kafkaload.operator.api.KafkaConnectionSpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConnectionSpecValidatorTest {

  @ParameterizedTest(name = "''{0}'' -> {1} problem(s)")
  @CsvSource(
      delimiter = '|',
      nullValues = "NULL",
      value = {
        "localhost:9092|0",
        "a:9092,b:9093|0",
        "a:9092, b:9093|0",
        "[::1]:9092|0",
        "NULL|1",
        "'  '|1",
        "kafka.example|1",
        "kafka:0|1",
        "kafka:65536|1",
        "kafka:port|1",
        ":9092|1",
        "a:9092,b|1",
      })
  void checksHostPortEntries(String servers, int problems) {
    KafkaConnection connection = new KafkaConnection();
    connection.setMetadata(new ObjectMetaBuilder().withName("c").build());
    KafkaConnectionSpec spec = new KafkaConnectionSpec();
    spec.setBootstrapServers(servers);
    connection.setSpec(spec);

    var found = ConnectionSpecValidator.validate(connection);

    assertThat(found).hasSize(problems);
    assertThat(found).allSatisfy(p -> assertThat(p).startsWith("spec.bootstrapServers: "));
  }
}
