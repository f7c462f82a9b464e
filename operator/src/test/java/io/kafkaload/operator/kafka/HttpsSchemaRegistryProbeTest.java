package io.kafkaload.operator.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsServer;
import io.kafkaload.operator.testing.FakeSchemaRegistry;
import io.kafkaload.operator.testing.TestCa;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The registry probe against an HTTPS server whose certificate a private CA signed: trusted through
 * the CA passed from {@code tls.caSecretRef}, refused with a clear message without it or with
 * another CA.
 */
class HttpsSchemaRegistryProbeTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private static TestCa ca;
  private static HttpsServer server;
  private static String url;
  private final HttpSchemaRegistryProbe probe = new HttpSchemaRegistryProbe();

  @BeforeAll
  static void start() throws Exception {
    ca = TestCa.create("registry-test-ca");
    server = FakeSchemaRegistry.startHttps("reg", "reg-pw", ca.issueLocalhost());
    url = "https://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterAll
  static void stop() {
    server.stop(0);
  }

  @Test
  void answersWhenTheCaIsGiven() {
    assertThat(probe.probe(url, "reg", "reg-pw", ca.certificatePem(), TIMEOUT)).isNull();
    // A bundle with another CA first still trusts the right one.
    String bundle = TestCa.create("other-ca").certificatePem() + ca.certificatePem();
    assertThat(probe.probe(url, "reg", "reg-pw", bundle, TIMEOUT)).isNull();
  }

  @Test
  void theCaDoesNotReplaceTheCredentialCheck() {
    ProbeResult result = probe.probe(url, "reg", "wrong-pw", ca.certificatePem(), TIMEOUT);
    assertThat(result.reason()).isEqualTo("AuthenticationFailed");
    assertThat(result.message()).contains("HTTP 401");
  }

  @Test
  void withoutTheCaTheHandshakeFailsWithAHint() {
    ProbeResult result = probe.probe(url, "reg", "reg-pw", null, TIMEOUT);
    assertThat(result).isNotNull();
    assertThat(result.reachable()).isFalse();
    assertThat(result.reason()).isEqualTo("AuthenticationFailed");
    assertThat(result.message())
        .contains("TLS handshake with schema registry " + url)
        .contains("spec.security.tls.caSecretRef")
        .doesNotContain("reg-pw");
  }

  @Test
  void anotherCaIsRefused() {
    ProbeResult result =
        probe.probe(url, "reg", "reg-pw", TestCa.create("unrelated-ca").certificatePem(), TIMEOUT);
    assertThat(result.reason()).isEqualTo("AuthenticationFailed");
    assertThat(result.message()).contains("a CA in spec.security.tls.caSecretRef");
  }

  @Test
  void aCaSecretWithoutACertificateIsReported() {
    ProbeResult result = probe.probe(url, "reg", "reg-pw", "not a certificate", TIMEOUT);
    assertThat(result.reason()).isEqualTo("SecretMissing");
    assertThat(result.message()).contains("spec.security.tls.caSecretRef");
  }
}
