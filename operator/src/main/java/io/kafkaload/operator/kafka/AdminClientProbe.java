package io.kafkaload.operator.kafka;

import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;

/** Probes with a bounded AdminClient {@code describeCluster}, closing the client every time. */
@ApplicationScoped
public class AdminClientProbe implements ConnectionProbe {

  @Override
  public ProbeResult probe(Map<String, Object> clientProperties, Duration timeout) {
    int millis = (int) Math.max(1, timeout.toMillis());
    String bootstrapServers = String.valueOf(clientProperties.get("bootstrap.servers"));
    Object mechanism = clientProperties.get("sasl.mechanism");
    Properties props = new Properties();
    props.putAll(clientProperties);
    props.put(AdminClientConfig.CLIENT_ID_CONFIG, "kafkaload-operator-probe");
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
    props.put(AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, Math.min(millis, 1000));
    props.put(AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, millis);
    Admin admin;
    try {
      admin = Admin.create(props);
    } catch (KafkaException | IllegalArgumentException e) {
      // e.g. no resolvable bootstrap address: the client refuses to start at all, and its own
      // message ("Failed to create new KafkaAdminClient") names neither the host nor the cause.
      return ProbeResult.failed("Unreachable", notStarted(bootstrapServers, e));
    }
    try {
      DescribeClusterResult cluster =
          admin.describeCluster(new DescribeClusterOptions().timeoutMs(millis));
      String clusterId = cluster.clusterId().get(millis, TimeUnit.MILLISECONDS);
      Collection<Node> nodes = cluster.nodes().get(millis, TimeUnit.MILLISECONDS);
      return ProbeResult.connected(clusterId, nodes.size());
    } catch (ExecutionException e) {
      return failure(e.getCause() == null ? e : e.getCause(), bootstrapServers, timeout, mechanism);
    } catch (TimeoutException e) {
      return failure(e, bootstrapServers, timeout, mechanism);
    } catch (RuntimeException e) {
      // The probe reports; it never fails the reconcile.
      return failure(e, bootstrapServers, timeout, mechanism);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ProbeResult.failed("Unreachable", "probe interrupted");
    } finally {
      // Bounded close: a hung broker must not hold the reconciler thread.
      admin.close(Duration.ofSeconds(1));
    }
  }

  private static ProbeResult failure(
      Throwable cause, String servers, Duration timeout, Object mechanism) {
    if (cause instanceof SaslAuthenticationException) {
      return ProbeResult.failed(
          "AuthenticationFailed",
          "SASL %s authentication failed: %s; check the username and password in the Secret of"
                  .formatted(mechanism, oneLine(cause))
              + " spec.security.sasl.secretRef, and spec.security.sasl.mechanism");
    }
    if (cause instanceof SslAuthenticationException) {
      return ProbeResult.failed(
          "AuthenticationFailed",
          "TLS handshake with %s failed: %s; check that spec.security.tls.caSecretRef holds the CA"
                  .formatted(servers, oneLine(cause))
              + " of the brokers' certificates (and the client certificate, if they require one)");
    }
    if (cause instanceof AuthenticationException) {
      return ProbeResult.failed("AuthenticationFailed", "authentication failed: " + oneLine(cause));
    }
    if (cause instanceof AuthorizationException) {
      return ProbeResult.failed("AuthenticationFailed", "not authorized: " + oneLine(cause));
    }
    if (cause instanceof TimeoutException
        || cause instanceof org.apache.kafka.common.errors.TimeoutException) {
      return ProbeResult.failed(
          "Unreachable",
          "no answer from %s within %d ms; check the address and that the brokers run"
              .formatted(servers, timeout.toMillis()));
    }
    return ProbeResult.failed("Unreachable", oneLine(cause));
  }

  /** Why the client did not start: the hosts that do not resolve, else the root cause. */
  static String notStarted(String bootstrapServers, Throwable e) {
    List<String> unresolved = new ArrayList<>();
    for (String server : bootstrapServers.split(",")) {
      String address = server.trim();
      int colon = address.lastIndexOf(':');
      String host = colon > 0 ? address.substring(0, colon) : address;
      host =
          host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
      try {
        InetAddress.getAllByName(host);
      } catch (UnknownHostException | SecurityException notFound) {
        unresolved.add(host);
      }
    }
    if (!unresolved.isEmpty()) {
      return ("bootstrap server host %s does not resolve (no DNS entry); check the host names in"
              + " spec.bootstrapServers (%s) and that the cluster's DNS knows them")
          .formatted(String.join(", ", unresolved), bootstrapServers);
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return "cannot start a Kafka client for %s: %s; check spec.bootstrapServers and spec.options"
        .formatted(bootstrapServers, oneLine(root));
  }

  static String oneLine(Throwable e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return message.replaceAll("\\s+", " ").trim();
  }
}
