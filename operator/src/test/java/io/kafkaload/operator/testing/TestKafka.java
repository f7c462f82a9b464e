package io.kafkaload.operator.testing;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * One real single-node KRaft broker for the whole test JVM, started on first use (about 7 s) and
 * stopped at JVM exit. It wraps Kafka's internal test kit, so only this class knows its API.
 */
public final class TestKafka {

  private static KafkaClusterTestKit cluster;

  private TestKafka() {}

  /** Bootstrap servers of the shared broker, starting it if needed. */
  public static synchronized String bootstrapServers() {
    if (cluster == null) {
      cluster = start();
      Runtime.getRuntime().addShutdownHook(new Thread(TestKafka::stop, "test-kafka-stop"));
    }
    return cluster.bootstrapServers();
  }

  private static KafkaClusterTestKit start() {
    try {
      KafkaClusterTestKit kit =
          new KafkaClusterTestKit.Builder(
                  new TestKitNodes.Builder()
                      .setCombined(true)
                      .setNumBrokerNodes(1)
                      .setNumControllerNodes(1)
                      .build())
              .setConfigProp("offsets.topic.replication.factor", "1")
              .setConfigProp("transaction.state.log.replication.factor", "1")
              .setConfigProp("transaction.state.log.min.isr", "1")
              .build();
      kit.format();
      kit.startup();
      kit.waitForReadyBrokers();
      return kit;
    } catch (Exception e) {
      throw new IllegalStateException("could not start the test Kafka broker", e);
    }
  }

  private static synchronized void stop() {
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
