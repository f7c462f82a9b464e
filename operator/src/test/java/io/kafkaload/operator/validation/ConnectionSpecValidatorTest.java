package io.kafkaload.operator.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.kafkaload.operator.api.KafkaConnection;
import io.kafkaload.operator.api.KafkaConnectionSpec;
import io.kafkaload.operator.api.SaslSpec;
import io.kafkaload.operator.api.SchemaRegistrySpec;
import io.kafkaload.operator.api.SecretKeyRef;
import io.kafkaload.operator.api.SecretRef;
import io.kafkaload.operator.api.SecurityProtocol;
import io.kafkaload.operator.api.SecuritySpec;
import io.kafkaload.operator.api.TlsSpec;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

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

  static Stream<Arguments> brokenSecurity() {
    return Stream.of(
        Arguments.of(
            "SaslSsl without sasl",
            (Consumer<KafkaConnectionSpec>) s -> s.setSecurity(security(SecurityProtocol.SaslSsl)),
            "spec.security.sasl: missing for protocol SaslSsl"),
        Arguments.of(
            "sasl with Ssl",
            (Consumer<KafkaConnectionSpec>)
                s -> {
                  s.setSecurity(security(SecurityProtocol.Ssl));
                  s.getSecurity().setSasl(sasl("creds"));
                },
            "spec.security.sasl: set but protocol is Ssl"),
        Arguments.of(
            "tls with SaslPlaintext",
            (Consumer<KafkaConnectionSpec>)
                s -> {
                  s.setSecurity(security(SecurityProtocol.SaslPlaintext));
                  s.getSecurity().setSasl(sasl("creds"));
                  s.getSecurity().setTls(new TlsSpec());
                },
            "spec.security.tls: set but protocol is SaslPlaintext"),
        Arguments.of(
            "sasl without secret",
            (Consumer<KafkaConnectionSpec>)
                s -> {
                  s.setSecurity(security(SecurityProtocol.SaslPlaintext));
                  s.getSecurity().setSasl(new SaslSpec());
                },
            "spec.security.sasl.secretRef.name: missing"),
        Arguments.of(
            "registry without scheme",
            (Consumer<KafkaConnectionSpec>) s -> s.setSchemaRegistry(registry("registry:8081")),
            "spec.schemaRegistry.url: not an http:// or https:// URL"),
        Arguments.of(
            "registry with credentials in the URL",
            (Consumer<KafkaConnectionSpec>)
                s -> s.setSchemaRegistry(registry("http://u:p@registry:8081")),
            "spec.schemaRegistry.url: carries user information"),
        Arguments.of(
            "jaas config in options",
            (Consumer<KafkaConnectionSpec>) s -> s.setOptions(Map.of("sasl.jaas.config", "x")),
            "spec.options.sasl.jaas.config: not allowed: JAAS login modules"),
        Arguments.of(
            "config providers in options",
            (Consumer<KafkaConnectionSpec>) s -> s.setOptions(Map.of("config.providers", "env")),
            "spec.options.config.providers: not allowed: config providers"),
        Arguments.of(
            "truststore path in options",
            (Consumer<KafkaConnectionSpec>)
                s -> s.setOptions(Map.of("ssl.truststore.location", "/etc/passwd")),
            "spec.options.ssl.truststore.location: not allowed: files and credentials"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenSecurity")
  void checksSecurityRegistryAndOptions(
      String name, Consumer<KafkaConnectionSpec> breakIt, String problem) {
    KafkaConnection connection = connection();
    breakIt.accept(connection.getSpec());

    assertThat(ConnectionSpecValidator.validate(connection))
        .singleElement()
        .asString()
        .startsWith(problem);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"Plaintext", "Ssl", "SaslPlaintext", "SaslSsl"})
  void acceptsEachProtocolWithWhatItNeeds(SecurityProtocol protocol) {
    KafkaConnection connection = connection();
    SecuritySpec security = security(protocol);
    if (protocol.name().startsWith("Sasl")) {
      security.setSasl(sasl("creds"));
    }
    if (protocol.name().endsWith("Ssl")) {
      TlsSpec tls = new TlsSpec();
      SecretKeyRef ca = new SecretKeyRef();
      ca.setName("ca");
      tls.setCaSecretRef(ca);
      security.setTls(tls);
    }
    connection.getSpec().setSecurity(security);
    connection.getSpec().setSchemaRegistry(registry("https://registry:8081"));
    connection.getSpec().setOptions(Map.of("client.rack", "a", "request.timeout.ms", "1000"));

    assertThat(ConnectionSpecValidator.validate(connection)).isEmpty();
  }

  private static KafkaConnection connection() {
    KafkaConnection connection = new KafkaConnection();
    connection.setMetadata(new ObjectMetaBuilder().withName("c").build());
    KafkaConnectionSpec spec = new KafkaConnectionSpec();
    spec.setBootstrapServers("kafka:9092");
    connection.setSpec(spec);
    return connection;
  }

  private static SecuritySpec security(SecurityProtocol protocol) {
    SecuritySpec security = new SecuritySpec();
    security.setProtocol(protocol);
    return security;
  }

  private static SaslSpec sasl(String secret) {
    SaslSpec sasl = new SaslSpec();
    SecretRef ref = new SecretRef();
    ref.setName(secret);
    sasl.setSecretRef(ref);
    return sasl;
  }

  private static SchemaRegistrySpec registry(String url) {
    SchemaRegistrySpec registry = new SchemaRegistrySpec();
    registry.setUrl(url);
    return registry;
  }
}
