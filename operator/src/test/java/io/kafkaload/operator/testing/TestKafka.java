package io.kafkaload.operator.testing;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
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
  private static KafkaClusterTestKit saslSslCluster;
  private static TestCa saslSslCa;

  /** A user the SASL broker accepts (PLAIN), with its password. */
  public static final String SASL_USER = JaasUtils.KAFKA_PLAIN_USER1;

  /** The password of {@link #SASL_USER}. */
  public static final String SASL_PASSWORD = JaasUtils.KAFKA_PLAIN_USER1_PASSWORD;

  /** A user the SASL_SSL broker knows by SCRAM-SHA-256 and SCRAM-SHA-512 credentials. */
  public static final String SCRAM_USER = "scram-user";

  /** The password of {@link #SCRAM_USER} (both mechanisms). */
  public static final String SCRAM_PASSWORD = "scram-user-secret";

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

  /**
   * Bootstrap servers of a fourth broker whose listener is SASL_SSL with the mechanisms PLAIN,
   * SCRAM-SHA-256 and SCRAM-SHA-512; its certificate is signed by {@link #saslSslCa()}. The SCRAM
   * credentials of {@link #SCRAM_USER} are created with the Admin API (as the PLAIN admin) before
   * this returns. Started on first use.
   */
  public static synchronized String saslSslBootstrapServers() {
    if (saslSslCluster == null) {
      saslSslCa = TestCa.create("kafkaload-test-ca");
      TestCertificate server = saslSslCa.issueLocalhost().pem();
      String scramJaas = "org.apache.kafka.common.security.scram.ScramLoginModule required;";
      KafkaClusterTestKit kit =
          start(
              // As for SSL: the test kit builds SASL_PLAINTEXT, the protocol map makes it TLS.
              SecurityProtocol.SASL_PLAINTEXT,
              Map.ofEntries(
                  Map.entry(
                      "listener.security.protocol.map", "EXTERNAL:SASL_SSL,CONTROLLER:PLAINTEXT"),
                  Map.entry("sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-256,SCRAM-SHA-512"),
                  Map.entry("listener.name.external.scram-sha-256.sasl.jaas.config", scramJaas),
                  Map.entry("listener.name.external.scram-sha-512.sasl.jaas.config", scramJaas),
                  Map.entry(
                      "super.users",
                      "User:ANONYMOUS;User:" + JaasUtils.KAFKA_PLAIN_ADMIN + ";User:" + SCRAM_USER),
                  Map.entry("ssl.keystore.type", "PEM"),
                  Map.entry("ssl.keystore.certificate.chain", server.certificatePem()),
                  Map.entry("ssl.keystore.key", server.privateKeyPem()),
                  // The broker's own client side (inter-broker) checks the same CA.
                  Map.entry("ssl.truststore.type", "PEM"),
                  Map.entry("ssl.truststore.certificates", saslSslCa.certificatePem())));
      saslSslCluster = kit;
      Runtime.getRuntime().addShutdownHook(new Thread(TestKafka::stop, "test-kafka-sasl-ssl-stop"));
      createScramUser();
    }
    return saslSslCluster.bootstrapServers();
  }

  /** The CA that signed the SASL_SSL broker's certificate. */
  public static synchronized TestCa saslSslCa() {
    saslSslBootstrapServers();
    return saslSslCa;
  }

  /**
   * Client properties for the SASL_SSL broker with {@code mechanism} (PLAIN, SCRAM-SHA-256...),
   * trusting only its CA.
   */
  private static Map<String, Object> saslSslClient(
      String mechanism, String loginModule, String user, String password) {
    Map<String, Object> props = new HashMap<>();
    props.put("bootstrap.servers", saslSslCluster.bootstrapServers());
    props.put("security.protocol", "SASL_SSL");
    props.put("sasl.mechanism", mechanism);
    props.put(
        "sasl.jaas.config",
        "%s required username=\"%s\" password=\"%s\";".formatted(loginModule, user, password));
    props.put("ssl.truststore.type", "PEM");
    props.put("ssl.truststore.certificates", saslSslCa.certificatePem());
    return props;
  }

  /**
   * Upserts the SCRAM credentials of {@link #SCRAM_USER} for both mechanisms, then waits until the
   * broker accepts them: credentials reach the broker through the metadata log, a moment later.
   */
  private static void createScramUser() {
    Map<String, Object> admin =
        saslSslClient(
            "PLAIN",
            "org.apache.kafka.common.security.plain.PlainLoginModule",
            JaasUtils.KAFKA_PLAIN_ADMIN,
            JaasUtils.KAFKA_PLAIN_ADMIN_PASSWORD);
    try (Admin client = Admin.create(admin)) {
      // One request per mechanism: the broker refuses two changes of one user in a request.
      for (ScramMechanism mechanism :
          List.of(ScramMechanism.SCRAM_SHA_256, ScramMechanism.SCRAM_SHA_512)) {
        client
            .alterUserScramCredentials(
                List.of(
                    new UserScramCredentialUpsertion(
                        SCRAM_USER, new ScramCredentialInfo(mechanism, 4096), SCRAM_PASSWORD)))
            .all()
            .get(30, TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      throw new IllegalStateException("could not create the SCRAM test user", e);
    }
    for (String mechanism : List.of("SCRAM-SHA-256", "SCRAM-SHA-512")) {
      Map<String, Object> props =
          saslSslClient(
              mechanism,
              "org.apache.kafka.common.security.scram.ScramLoginModule",
              SCRAM_USER,
              SCRAM_PASSWORD);
      props.put("default.api.timeout.ms", 5000);
      props.put("request.timeout.ms", 5000);
      awaitAccepted(props, mechanism);
    }
  }

  private static void awaitAccepted(Map<String, Object> props, String mechanism) {
    Exception last = null;
    for (int attempt = 0; attempt < 30; attempt++) {
      try (Admin client = Admin.create(props)) {
        client.describeCluster().clusterId().get(10, TimeUnit.SECONDS);
        return;
      } catch (Exception e) {
        last = e;
        try {
          Thread.sleep(500);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    throw new IllegalStateException("the broker never accepted the " + mechanism + " user", last);
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
    if (saslSslCluster != null) {
      try {
        saslSslCluster.close();
      } catch (Exception e) {
        // As below.
      }
      saslSslCluster = null;
    }
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
