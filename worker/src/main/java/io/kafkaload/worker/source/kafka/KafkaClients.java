package io.kafkaload.worker.source.kafka;

import io.kafkaload.worker.config.ConnectionSpec;
import io.kafkaload.worker.config.LoadSpec;
import io.kafkaload.worker.config.RunPlan;
import io.kafkaload.worker.config.WorkerConfig;
import io.kafkaload.worker.security.ClientOptions;
import io.kafkaload.worker.security.ClientSecurity;
import io.kafkaload.worker.security.SecretFiles;
import io.kafkaload.worker.source.kafka.plan.OffsetOptionsCheck;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Client properties for a load: the connection's, plus the consumer tuning the engine relies on.
 */
public final class KafkaClients {
  private KafkaClients() {}

  /**
   * Properties every client of the load shares: bootstrap servers, client id, security from Secret
   * files, and the connection's allowlisted options.
   */
  public static Map<String, Object> common(WorkerConfig config) {
    Map<String, Object> props = new HashMap<>();
    ConnectionSpec connection = config.connection().spec();
    props.putAll(ClientOptions.check(connection.options(), "KafkaConnection spec.options"));
    props.putAll(
        ClientSecurity.properties(connection, new SecretFiles(RunPlan.secretsDir(config))));
    props.put(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.connection().spec().bootstrapServers());
    props.put(
        AdminClientConfig.CLIENT_ID_CONFIG,
        "kafkaload-" + config.load().namespace() + "-" + config.load().name());
    return props;
  }

  /**
   * The client id of one more client of the load, for {@code role} ("sink", "rejected", ...): the
   * load's own ({@link #common}, or the connection's options) with the role after it, so the
   * broker's logs and quotas tell the clients apart.
   */
  public static String clientId(Map<String, Object> props, String role) {
    Object base = props.get(AdminClientConfig.CLIENT_ID_CONFIG);
    return (base == null ? "kafkaload" : base.toString()) + "-" + role;
  }

  /**
   * The consumer: raw bytes (decoding is a pipeline stage, so a bad value becomes a reject, not a
   * poll exception), committed reads only, no auto-commit (positions are committed after the data
   * is durable), no offset reset, large fetches for throughput; then the connection's and the
   * load's ({@code spec.source.kafka.options}) allowlisted options.
   */
  public static KafkaConsumer<byte[], byte[]> consumer(WorkerConfig config, String groupId) {
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 20_000);
    props.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1 << 20);
    props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
    props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 << 20);
    props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 << 20);
    props.put(ConsumerConfig.RECEIVE_BUFFER_CONFIG, 2 << 20);
    props.put(
        ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
        CooperativeStickyAssignor.class.getName());
    // a misspelled topic is an error to report, never a topic created by subscribing to it
    // (a load's options may still allow it)
    props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    // the connection's options may tune the above, and the load's options override the
    // connection's; neither can touch what follows (allowlist)
    props.putAll(common(config));
    LoadSpec.KafkaSource source = config.spec().source().kafka();
    if (source != null) {
      props.putAll(OffsetOptionsCheck.consumerOptions(source.options()));
    }
    props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // the runs seek every partition to its planned start; an offset out of range mid-run is data
    // loss to report (failOnDataLoss), never a silent jump by the consumer
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
    return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }
}
