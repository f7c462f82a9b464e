package io.kafkaload.operator.config;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Leader election through a Lease, so several operator replicas run one active reconciler. QOSDK
 * asks for this bean in the prod profile only, with {@code ArcContainer.instance(...).get()}, which
 * ignores lookup conditions such as {@code @LookupIfProperty}: the producer itself returns null
 * (allowed for a {@code @Dependent} bean) when {@code kafkaload.leader-election.enabled=false}, and
 * QOSDK then runs without election.
 */
public class LeaderElection {

  /** Name of the Lease the replicas compete for. */
  public static final String LEASE_NAME = "kafkaload-operator-lease";

  private static final Logger LOG = Logger.getLogger(LeaderElection.class);

  @Produces
  @Dependent
  LeaderElectionConfiguration leaderElection(
      OperatorConfig config, KubernetesClient client, Leadership leadership) {
    OperatorConfig.LeaderElectionSettings settings = config.leaderElection();
    if (!settings.enabled()) {
      LOG.info("Leader election is off (kafkaload.leader-election.enabled=false)");
      return null;
    }
    String namespace =
        leaseNamespace(settings.leaseNamespace(), client.getConfiguration().getNamespace());
    String identity = settings.identity().filter(s -> !s.isBlank()).orElseGet(LeaderElection::host);
    LeaseLeadership lease =
        new LeaseLeadership(client, namespace, LEASE_NAME, identity, LeaseLeadership.exitProcess());
    leadership.electWith(lease);
    return lease.configuration(
        settings.leaseDuration(), settings.renewDeadline(), settings.retryPeriod());
  }

  /**
   * The Lease's namespace: the configured one, else the client's (in a pod, the pod's namespace).
   *
   * @throws IllegalStateException naming what to set when neither is known
   */
  static String leaseNamespace(Optional<String> configured, String clientNamespace) {
    Optional<String> namespace =
        configured.filter(s -> !s.isBlank()).or(() -> Optional.ofNullable(clientNamespace));
    return namespace
        .filter(s -> !s.isBlank())
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "Leader election needs a namespace for its Lease, and the Kubernetes client"
                        + " has none (out of cluster, the kubeconfig context names no namespace)."
                        + " Set KAFKALOAD_LEADER_ELECTION_LEASE_NAMESPACE (property"
                        + " kafkaload.leader-election.lease-namespace), or give the context a"
                        + " namespace (kubectl config set-context --current --namespace=NAME), or"
                        + " run a single replica without election:"
                        + " KAFKALOAD_LEADER_ELECTION_ENABLED=false"));
  }

  /** {@code POD_NAME} in a pod; out of cluster the host name and a random suffix. */
  private static String host() {
    String pod = System.getenv("POD_NAME");
    if (pod != null && !pod.isBlank()) {
      return pod;
    }
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "kafkaload-operator";
    }
    return host + "-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
