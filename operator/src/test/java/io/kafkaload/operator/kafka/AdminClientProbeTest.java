package io.kafkaload.operator.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The failure paths of the real probe, bounded in time; the success path is in the operator tests.
 */
class AdminClientProbeTest {

  private final AdminClientProbe probe = new AdminClientProbe();

  @Test
  void closedPortIsUnreachableWithinTheTimeout() {
    long start = System.nanoTime();
    ProbeResult result = probe.probe("127.0.0.1:1", Duration.ofSeconds(1));
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(result.reachable()).isFalse();
    assertThat(result.reason()).isEqualTo("Unreachable");
    assertThat(result.message()).contains("127.0.0.1:1").contains("1000 ms");
    assertThat(took).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void unresolvableHostIsUnreachable() {
    ProbeResult result = probe.probe("no-such-host.invalid:9092", Duration.ofSeconds(1));
    assertThat(result.reachable()).isFalse();
    assertThat(result.reason()).isEqualTo("Unreachable");
    assertThat(result.message())
        .startsWith("bootstrap server host no-such-host.invalid does not resolve")
        .contains("spec.bootstrapServers")
        .doesNotContain("KafkaAdminClient");
  }
}
