package io.kafkaload.worker.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkaload.worker.config.ConnectionSpec;
import io.kafkaload.worker.security.SecretFiles;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaRegistryClientTest {

  static final String USER =
      "{\"type\":\"record\",\"name\":\"User\",\"fields\":[{\"name\":\"id\",\"type\":\"long\"}]}";

  @TempDir Path secrets;
  private final TestSchemaRegistry registry = new TestSchemaRegistry();

  @AfterEach
  void stop() {
    registry.close();
  }

  /** Quick retries for tests: 20 ms doubling to 100 ms, giving up after {@code giveUpMs}. */
  static SchemaRegistryClient.Settings fast(Long giveUpMs) {
    return new SchemaRegistryClient.Settings(
        Duration.ofMillis(500),
        new Backoff(
            Duration.ofMillis(20),
            Duration.ofMillis(100),
            giveUpMs == null ? null : Duration.ofMillis(giveUpMs)),
        100,
        Duration.ofMillis(300));
  }

  private SchemaRegistryClient client(String url, String secret, Long giveUpMs) {
    return SchemaRegistryClient.create(
        new ConnectionSpec.SchemaRegistry(
            url, secret == null ? null : new ConnectionSpec.SecretRef(secret)),
        new SecretFiles(secrets),
        fast(giveUpMs));
  }

  @Test
  void schemaByIdIsFetchedOnceAndCached() {
    registry.nextId(7);
    int id = registry.register("users-value", USER);
    SchemaRegistryClient client = client(registry.url() + "/", null, 1000L);

    RegistrySchema first = client.schemaById(id);
    RegistrySchema second = client.schemaById(id);

    assertThat(id).isEqualTo(7);
    assertThat(first.schema()).isEqualTo(USER);
    assertThat(first.schemaType()).isEqualTo("AVRO");
    assertThat(first.references()).isEmpty();
    assertThat(second).isSameAs(first);
    assertThat(registry.requests()).isEqualTo(1);
  }

  @Test
  void registerGivesTheSchemasIdOnceAndARefusedSchemaIsRefusedWithTheRegistrysMessage() {
    SchemaRegistryClient client = client(registry.url(), null, 1000L);

    int id = client.register("users-value", USER);
    assertThat(client.register("users-value", USER)).isEqualTo(id);
    assertThat(registry.requests()).as("registered once, then cached").isEqualTo(1);
    assertThat(registry.versions("users-value")).containsExactly(USER);
    assertThat(client.schemaById(id).schema()).isEqualTo(USER);

    // BACKWARD: a string id cannot read what the long id wrote
    String incompatible = USER.replace("\"long\"", "\"string\"");
    assertThatThrownBy(() -> client.register("users-value", incompatible))
        .isInstanceOfSatisfying(
            RegistryException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(RegistryException.Kind.REFUSED);
              assertThat(e.status()).isEqualTo(409);
              assertThat(e.errorCode()).isEqualTo(409);
            })
        .hasMessageContaining("POST " + registry.url() + "/subjects/users-value/versions")
        .hasMessageContaining("answered 409 (Schema being registered is incompatible");
    assertThatThrownBy(() -> client.register("users-value", "{\"type\":\"nope\"}"))
        .isInstanceOfSatisfying(
            RegistryException.class,
            e -> assertThat(e.kind()).isEqualTo(RegistryException.Kind.REFUSED))
        .hasMessageContaining("answered 422 (Invalid schema");
    registry.compatibility("users-value", "NONE");
    assertThat(client.register("users-value", incompatible)).isNotEqualTo(id);
    assertThat(registry.versions("users-value")).containsExactly(USER, incompatible);
  }

  @Test
  void otherSchemaTypesAreReportedAsSuch() {
    int id = registry.register("p", "PROTOBUF", "syntax = \"proto3\"; message M {}", null);
    assertThat(client(registry.url(), null, 1000L).schemaById(id).schemaType())
        .isEqualTo("PROTOBUF");
  }

  @Test
  void unknownIdIsNotFoundAndRememberedForAWhile() throws Exception {
    SchemaRegistryClient client = client(registry.url(), null, 1000L);

    assertThatThrownBy(() -> client.schemaById(99))
        .isInstanceOfSatisfying(
            RegistryException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(RegistryException.Kind.NOT_FOUND);
              assertThat(e.status()).isEqualTo(404);
              assertThat(e.errorCode()).isEqualTo(40403);
              assertThat(e.getMessage())
                  .contains("/schemas/ids/99")
                  .contains("Schema 99 not found");
            });
    assertThatThrownBy(() -> client.schemaById(99)).isInstanceOf(RegistryException.class);
    assertThat(registry.requests()).isEqualTo(1);

    Thread.sleep(400); // past notFoundTtl: asked again, and now it is there
    registry.nextId(99);
    registry.register("late", USER);
    assertThat(client.schemaById(99).schema()).isEqualTo(USER);
    assertThat(registry.requests()).isEqualTo(2);
  }

  @Test
  void serverErrorsAreRetriedUntilItRecoversAndTheOutageIsLoggedOnce() {
    int id = registry.register("users-value", USER);
    registry.failNext(4, 503);
    SchemaRegistryClient client = client(registry.url(), null, null);

    String log;
    try (Capture capture = new Capture()) {
      assertThat(client.schemaById(id).schema()).isEqualTo(USER);
      log = capture.text();
    }

    assertThat(registry.requests()).isEqualTo(5);
    assertThat(log.split("Schema registry unavailable", -1)).hasSize(2);
    assertThat(log).contains("answered 503").contains("until it answers");
    assertThat(log.split("answers again after", -1)).hasSize(2);
  }

  @Test
  void tooManyRequestsIsRetriedToo() {
    int id = registry.register("users-value", USER);
    registry.failNext(2, 429);
    assertThat(client(registry.url(), null, null).schemaById(id).id()).isEqualTo(id);
    assertThat(registry.requests()).isEqualTo(3);
  }

  @Test
  void refusedConnectionsGiveUpOnlyWhenToldTo() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort(); // closed again: nothing listens there
    }
    SchemaRegistryClient client = client("http://127.0.0.1:" + port, null, 300L);

    assertThatThrownBy(() -> client.schemaById(1))
        .isInstanceOfSatisfying(
            RegistryException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(RegistryException.Kind.UNAVAILABLE);
              assertThat(e.getMessage()).contains("ConnectException").contains("gave up after");
            });
  }

  @Test
  void slowAnswersTimeOutAndAreRetried() {
    registry.delay(1500);
    SchemaRegistryClient client = client(registry.url(), null, 800L);
    assertThatThrownBy(() -> client.schemaById(1))
        .isInstanceOfSatisfying(
            RegistryException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(RegistryException.Kind.UNAVAILABLE);
              assertThat(e.getMessage()).contains("no answer within 500 ms");
            });
  }

  @Test
  void answersThatAreNotARegistrysFailClearly() {
    SchemaRegistryClient client = client(registry.url() + "/not-the-registry", null, 1000L);
    assertThatThrownBy(() -> client.schemaById(1))
        .isInstanceOfSatisfying(
            RegistryException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(RegistryException.Kind.INVALID_RESPONSE);
              assertThat(e.getMessage()).contains("KafkaConnection spec.schemaRegistry.url");
            });
  }

  @Test
  void aPathPrefixIsKept() {
    int id = registry.register("users-value", USER);
    assertThat(client(registry.url() + "/registry/", null, 1000L).schemaById(id).schema())
        .isEqualTo(USER);
  }

  @Test
  void subjectLookups() {
    String v2 = USER.replace("\"long\"}]", "\"long\"},{\"name\":\"n\",\"type\":\"string\"}]");
    int first = registry.register("users value/x", USER);
    int second = registry.register("users value/x", v2);
    SchemaRegistryClient client = client(registry.url(), null, 1000L);

    RegistrySchema latest = client.latest("users value/x");
    assertThat(latest.id()).isEqualTo(second);
    assertThat(latest.version()).isEqualTo(2);
    assertThat(latest.subject()).isEqualTo("users value/x");
    assertThat(latest.schema()).isEqualTo(v2);
    assertThat(client.version("users value/x", 1).id()).isEqualTo(first);
    RegistrySchema found = client.lookup("users value/x", USER);
    assertThat(found.id()).isEqualTo(first);
    assertThat(found.version()).isEqualTo(1);
    int before = registry.requests();
    client.lookup("users value/x", USER);
    client.version("users value/x", 1);
    assertThat(registry.requests()).isEqualTo(before); // both cached

    assertThatThrownBy(() -> client.lookup("users value/x", "\"string\""))
        .isInstanceOfSatisfying(
            RegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(40403));
    assertThatThrownBy(() -> client.latest("nobody"))
        .isInstanceOfSatisfying(
            RegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(40401));
  }

  @Test
  void backoffDoublesUpToItsMax() {
    Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(30), null);
    assertThat(b.delayMillis(1)).isEqualTo(100);
    assertThat(b.delayMillis(2)).isEqualTo(200);
    assertThat(b.delayMillis(5)).isEqualTo(1600);
    assertThat(b.delayMillis(50)).isEqualTo(30_000);
    assertThat(b.jitteredMillis(3)).isBetween(320L, 400L);
  }

  /** What slf4j-simple writes to System.err while open (it looks System.err up on each call). */
  static final class Capture implements AutoCloseable {
    private final PrintStream original = System.err;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    Capture() {
      OutputStream tee =
          new OutputStream() {
            @Override
            public synchronized void write(int b) {
              original.write(b);
              bytes.write(b);
            }
          };
      System.setErr(new PrintStream(tee, true, StandardCharsets.UTF_8));
    }

    synchronized String text() {
      System.err.flush();
      return bytes.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
      System.setErr(original);
    }
  }
}
