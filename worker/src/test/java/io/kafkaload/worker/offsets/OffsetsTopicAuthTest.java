package io.kafkaload.worker.offsets;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A refused SASL login on the offsets topic is reported as an authentication failure, not as a
 * missing grant: a real KRaft broker with a SASL_PLAINTEXT (PLAIN) listener and a wrong password.
 */
class OffsetsTopicAuthTest {

  private static KafkaClusterTestKit cluster;

  @BeforeAll
  static void startSaslBroker() throws Exception {
    TestKitNodes nodes =
        new TestKitNodes.Builder()
            .setBaseDirectory(Files.createTempDirectory("kafkaload-sasl-"))
            .setCombined(true)
            .setNumBrokerNodes(1)
            .setNumControllerNodes(1)
            .setBootstrapMetadataVersion(MetadataVersion.latestProduction())
            .setBrokerSecurityProtocol(SecurityProtocol.SASL_PLAINTEXT)
            .setControllerSecurityProtocol(SecurityProtocol.SASL_PLAINTEXT)
            .build();
    cluster = new KafkaClusterTestKit.Builder(nodes).build();
    cluster.format();
    cluster.startup();
    cluster.waitForReadyBrokers();
  }

  @AfterAll
  static void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aWrongPasswordSaysAuthenticationFailedNotGrantDescribeAndCreate() {
    Map<String, Object> props =
        Map.of(
            "bootstrap.servers",
            cluster.bootstrapServers(),
            "security.protocol",
            "SASL_PLAINTEXT",
            "sasl.mechanism",
            "PLAIN",
            "sasl.jaas.config",
            "org.apache.kafka.common.security.plain.PlainLoginModule required"
                + " username=\"plain-admin\" password=\"not-the-password\";");
    try (Admin admin = Admin.create(props)) {
      assertThatThrownBy(() -> OffsetsTopic.ensure(admin, "comet_offsets"))
          .isInstanceOf(OffsetStoreException.class)
          .hasMessageStartingWith(
              "could not check or create the offsets topic comet_offsets: authentication failed")
          .hasMessageContaining("security.sasl.secretRef")
          .hasMessageNotContaining("grant the worker")
          .hasMessageNotContaining("not-the-password");
    }
  }
}
