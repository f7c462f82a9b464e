package io.kafkaload.worker.decode;

import static io.kafkaload.worker.decode.AvroTestKit.frame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkaload.worker.registry.RegistryException;
import io.kafkaload.worker.registry.TestSchemaRegistry;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How the Avro decoder gets its writer schemas: once per id, references resolved, schemas it cannot
 * use rejected per record, a registry outage waited out, refused credentials failing the run.
 */
class AvroSchemaLookupTest {

  private static final int[] ADA = AvroDecoderTest.ADA;

  private final TestSchemaRegistry registry = new TestSchemaRegistry();
  private final AvroDecoder decoder = AvroTestKit.decoder(registry);

  @AfterEach
  void stop() {
    registry.close();
  }

  private void user() {
    registry.nextId(7);
    registry.register("users-value", AvroDecoderTest.USER);
  }

  private String row(byte[] value) {
    assertThat(decoder.check(value)).isNull();
    return new String(decoder.row(value), StandardCharsets.UTF_8);
  }

  @Test
  void schemasThatCannotBeReadRejectTheirRecords() {
    int string = registry.register("s", "\"string\"");
    int proto = registry.register("p", "PROTOBUF", "syntax = \"proto3\"; message M {}", null);
    int bad =
        registry.register(
            "b",
            "{\"type\":\"record\",\"name\":\"X\",\"fields\":[{\"name\":\"a\",\"type\":\"nosuch\"}]}");

    assertThat(decoder.check(frame(string, 0x00)))
        .isEqualTo(
            "schema id "
                + string
                + " is a string, expected a record (the row of a record is a JSON object)");
    assertThat(decoder.check(frame(proto, 0x00)))
        .isEqualTo(
            "schema id " + proto + " is a PROTOBUF schema; format Avro reads AVRO schemas only");
    assertThat(decoder.check(frame(bad, 0x00)))
        .startsWith("schema id " + bad + " is not a valid Avro schema: ")
        .contains("nosuch");
    int before = registry.requests();
    decoder.check(frame(bad, 0x00));
    assertThat(registry.requests()).as("the reason is kept per id").isEqualTo(before);
  }

  @Test
  void schemaReferencesAreResolved() {
    String address =
        "{\"type\":\"record\",\"name\":\"Address\",\"namespace\":\"t\",\"fields\":[{\"name\":\"city\",\"type\":\"string\"}]}";
    registry.register("address", address);
    var refs =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .createArrayNode()
            .add(
                new com.fasterxml.jackson.databind.ObjectMapper()
                    .createObjectNode()
                    .put("name", "t.Address")
                    .put("subject", "address")
                    .put("version", 1));
    int id =
        registry.register(
            "person",
            "AVRO",
            "{\"type\":\"record\",\"name\":\"Person\",\"namespace\":\"t\",\"fields\":[{\"name\":\"home\",\"type\":\"t.Address\"}]}",
            refs);
    assertThat(row(frame(id, 0x04, 'O', 'z'))).isEqualTo("{\"home\":{\"city\":\"Oz\"}}");
  }

  @Test
  void registryOutagesHoldTheRecordInsteadOfRejectingIt() {
    user();
    registry.failNext(3, 503);
    assertThat(row(frame(7, ADA))).contains("\"Ada\"");
    assertThat(registry.requests()).isEqualTo(4);
  }

  @Test
  void refusedCredentialsFailTheRunNotTheRecord() {
    user();
    registry.requireBasicAuth("u", "p");
    assertThatThrownBy(() -> decoder.check(frame(7, ADA)))
        .isInstanceOfSatisfying(
            RegistryException.class,
            e -> assertThat(e.kind()).isEqualTo(RegistryException.Kind.AUTHENTICATION_FAILED));
  }

  @Test
  void theSchemaIsFetchedOncePerId() {
    user();
    for (int i = 0; i < 1000; i++) {
      assertThat(decoder.check(frame(7, ADA))).isNull();
    }
    assertThat(registry.requests()).isEqualTo(1);
  }
}
