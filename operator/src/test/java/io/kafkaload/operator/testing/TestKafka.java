package io.kafkaload.operator.testing;

import java.util.Map;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.test.JaasUtils;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.common.utils.Exit;

/**
 * One real single-node KRaft broker for the whole test JVM, started on first use (about 7 s) and
 * stopped at JVM exit. It wraps Kafka's internal test kit, so only this class knows its API.
 */
public final class TestKafka {

  private static KafkaClusterTestKit cluster;
  private static KafkaClusterTestKit saslCluster;
  private static KafkaClusterTestKit sslCluster;
  private static TestCertificate sslCertificate;

  /** A user the SASL broker accepts (PLAIN), with its password. */
  public static final String SASL_USER = JaasUtils.KAFKA_PLAIN_USER1;

  /** The password of {@link #SASL_USER}. */
  public static final String SASL_PASSWORD = JaasUtils.KAFKA_PLAIN_USER1_PASSWORD;

  private TestKafka() {}

  /** Bootstrap servers of the shared broker, starting it if needed. */
  public static synchronized String bootstrapServers() {
    if (cluster == null) {
      cluster = start();
      Runtime.getRuntime().addShutdownHook(new Thread(TestKafka::stop, "test-kafka-stop"));
    }
    return cluster.bootstrapServers();
  }

  /**
   * Bootstrap servers of a second broker whose listener is SASL_PLAINTEXT with mechanism PLAIN
   * (users of Kafka's JaasUtils), started on first use.
   */
  public static synchronized String saslBootstrapServers() {
    if (saslCluster == null) {
      saslCluster = start(SecurityProtocol.SASL_PLAINTEXT);
      Runtime.getRuntime().addShutdownHook(new Thread(TestKafka::stop, "test-kafka-sasl-stop"));
    }
    return saslCluster.bootstrapServers();
  }

  /**
   * Bootstrap servers of a third broker whose listener is SSL with client authentication required;
   * it presents, and trusts only, {@link #sslCertificate()}. Started on first use.
   */
  public static synchronized String sslBootstrapServers() {
    if (sslCluster == null) {
      sslCertificate = TestCertificate.localhost();
      sslCluster =
          start(
              // The test kit only builds PLAINTEXT or SASL_PLAINTEXT listeners: the broker
              // listener (EXTERNAL) is turned into SSL by the protocol map.
              SecurityProtocol.PLAINTEXT,
              Map.of(
                  "listener.security.protocol.map",
                  "EXTERNAL:SSL,CONTROLLER:PLAINTEXT",
                  "ssl.keystore.type",
                  "PEM",
                  "ssl.keystore.certificate.chain",
                  sslCertificate.certificatePem(),
                  "ssl.keystore.key",
                  sslCertificate.privateKeyPem(),
                  "ssl.truststore.type",
                  "PEM",
                  "ssl.truststore.certificates",
                  sslCertificate.certificatePem(),
                  "ssl.client.auth",
                  "required"));
      Runtime.getRuntime().addShutdownHook(new Thread(TestKafka::stop, "test-kafka-ssl-stop"));
    }
    return sslCluster.bootstrapServers();
  }

  /** The self-signed certificate (and key) of the SSL broker, also accepted as a client's. */
  public static synchronized TestCertificate sslCertificate() {
    sslBootstrapServers();
    return sslCertificate;
  }

  private static KafkaClusterTestKit start() {
    return start(SecurityProtocol.PLAINTEXT);
  }

  private static KafkaClusterTestKit start(SecurityProtocol protocol) {
    return start(protocol, Map.of());
  }

  private static KafkaClusterTestKit start(SecurityProtocol protocol, Map<String, String> extra) {
    // A broker that fails while the JVM shuts down calls Exit.halt: in a test JVM that would end
    // the surefire fork with a non-zero code after every test passed.
    Exit.setHaltProcedure((code, message) -> {});
    Exit.setExitProcedure((code, message) -> {});
    try {
      KafkaClusterTestKit.Builder builder =
          new KafkaClusterTestKit.Builder(
                  new TestKitNodes.Builder()
                      .setCombined(true)
                      .setNumBrokerNodes(1)
                      .setNumControllerNodes(1)
                      .setBrokerSecurityProtocol(protocol)
                      .build())
              .setConfigProp("offsets.topic.replication.factor", "1")
              // The SASL kit turns an authorizer on; the plaintext controller listener is
              // ANONYMOUS. No ACLs are under test here.
              .setConfigProp(
                  "super.users",
                  "User:ANONYMOUS;User:" + JaasUtils.KAFKA_PLAIN_ADMIN + ";User:" + SASL_USER)
              .setConfigProp("transaction.state.log.replication.factor", "1")
              .setConfigProp("transaction.state.log.min.isr", "1");
      extra.forEach(builder::setConfigProp);
      KafkaClusterTestKit kit = builder.build();
      kit.format();
      kit.startup();
      kit.waitForReadyBrokers();
      return kit;
    } catch (Exception e) {
      throw new IllegalStateException("could not start the test Kafka broker", e);
    }
  }

  private static synchronized void stop() {
    if (sslCluster != null) {
      try {
        sslCluster.close();
      } catch (Exception e) {
        // As below.
      }
      sslCluster = null;
    }
    if (saslCluster != null) {
      try {
        saslCluster.close();
      } catch (Exception e) {
        // As below.
      }
      saslCluster = null;
    }
    if (cluster != null) {
      try {
        cluster.close();
      } catch (Exception e) {
        // The JVM is exiting; a broker that does not close cleanly leaves only temp files.
      }
      cluster = null;
    }
  }
}
