package io.kafkaload.operator.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.kafkaload.operator.testing.FakeSchemaRegistry;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The registry probe against a small HTTP server that checks basic auth on GET /subjects. */
class HttpSchemaRegistryProbeTest {

  private static HttpServer server;
  private static String url;
  private final HttpSchemaRegistryProbe probe = new HttpSchemaRegistryProbe();

  @BeforeAll
  static void start() throws Exception {
    server = FakeSchemaRegistry.start("reg", "reg-pw");
    url = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterAll
  static void stop() {
    server.stop(0);
  }

  @Test
  void answersWithTheRightCredentials() {
    assertThat(probe.probe(url, "reg", "reg-pw", Duration.ofSeconds(2))).isNull();
    assertThat(probe.probe(url + "/", "reg", "reg-pw", Duration.ofSeconds(2))).isNull();
  }

  @Test
  void wrongCredentialsAreAuthenticationFailedWithoutThePassword() {
    ProbeResult result = probe.probe(url, "reg", "wrong-pw", Duration.ofSeconds(2));
    assertThat(result.reason()).isEqualTo("AuthenticationFailed");
    assertThat(result.message()).contains("HTTP 401").doesNotContain("wrong-pw");
  }

  @Test
  void otherStatusOrNoServerIsUnreachable() {
    assertThat(probe.probe(url + "/broken", null, null, Duration.ofSeconds(2)).reason())
        .isEqualTo("Unreachable");
    long start = System.nanoTime();
    ProbeResult closed = probe.probe("http://127.0.0.1:1", null, null, Duration.ofSeconds(2));
    assertThat(closed.reason()).isEqualTo("Unreachable");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }
}
