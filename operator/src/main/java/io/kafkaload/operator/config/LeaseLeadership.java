package io.kafkaload.operator.config;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Objects;
import org.jboss.logging.Logger;

/**
 * One replica's part in the election through a Lease: whether it leads, and what happens when it
 * stops leading. JOSDK 5.2.1 calls {@code System.exit} in its own stop-leading callback, and that
 * callback also runs inside the JVM's shutdown hook on SIGTERM, where {@code System.exit} waits for
 * the hook that called it: the pod hung until SIGKILL and kept its Lease. So JOSDK's exit is off
 * and this class decides: on SIGTERM it releases the Lease (a standby takes over at once) and lets
 * the shutdown finish; on a Lease lost while running it releases what it still holds and exits from
 * another thread, so that the pod restarts as a standby instead of reconciling without the Lease.
 */
public final class LeaseLeadership {

  private static final Logger LOG = Logger.getLogger(LeaseLeadership.class);

  private final KubernetesClient client;
  private final String namespace;
  private final String name;
  private final String identity;
  private final Runnable exit;
  private volatile boolean leading;
  private volatile boolean stopping;

  /**
   * @param exit what to do when the Lease is lost while the process is not shutting down; it must
   *     not block (it runs on the elector's thread)
   */
  public LeaseLeadership(
      KubernetesClient client, String namespace, String name, String identity, Runnable exit) {
    this.client = Objects.requireNonNull(client);
    this.namespace = Objects.requireNonNull(namespace);
    this.name = Objects.requireNonNull(name);
    this.identity = Objects.requireNonNull(identity);
    this.exit = Objects.requireNonNull(exit);
  }

  /** Exits the JVM with status 1 from a new thread, so the caller never waits on the exit. */
  public static Runnable exitProcess() {
    return () -> {
      Thread thread = new Thread(() -> System.exit(1), "kafkaload-lease-lost");
      thread.setDaemon(true);
      thread.start();
    };
  }

  /** JOSDK's configuration for this Lease, with these callbacks and JOSDK's own exit off. */
  public LeaderElectionConfiguration configuration(
      Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {
    return LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(name)
        .withLeaseNamespace(namespace)
        .withIdentity(identity)
        .withLeaseDuration(leaseDuration)
        .withRenewDeadline(renewDeadline)
        .withRetryPeriod(retryPeriod)
        .withExitOnStopLeading(false)
        .withLeaderCallbacks(
            new LeaderCallbacks(this::startedLeading, this::stoppedLeading, this::newLeader))
        .build();
  }

  /** Whether this replica holds the Lease now. */
  public boolean isLeading() {
    return leading;
  }

  /** {@code namespace/name} of the Lease. */
  public String lease() {
    return namespace + "/" + name;
  }

  /** This replica's identity in the Lease. */
  public String identity() {
    return identity;
  }

  /** The process is shutting down: stopping to lead is expected, not a reason to exit. */
  public void shuttingDown() {
    stopping = true;
  }

  private void startedLeading() {
    leading = true;
    LOG.infof("Leading: Lease %s is held by %s; reconciling", lease(), identity);
  }

  private void newLeader(String leader) {
    if (!identity.equals(leader)) {
      LOG.infof("Standby: Lease %s is held by %s", lease(), leader);
    }
  }

  private void stoppedLeading() {
    leading = false;
    release();
    if (stopping) {
      LOG.infof("Stopped leading on shutdown; Lease %s released", lease());
    } else {
      LOG.errorf(
          "Lost Lease %s (not renewed within the renew deadline); exiting so that the pod restarts"
              + " as a standby",
          lease());
      exit.run();
    }
  }

  /** Gives the Lease up if this replica still holds it, so another one need not wait it out. */
  void release() {
    try {
      Lease current = client.leases().inNamespace(namespace).withName(name).get();
      if (current == null
          || current.getSpec() == null
          || !identity.equals(current.getSpec().getHolderIdentity())) {
        return;
      }
      Lease released =
          new LeaseBuilder(current)
              .editSpec()
              .withHolderIdentity("")
              .withLeaseDurationSeconds(1)
              .withRenewTime(ZonedDateTime.now(ZoneOffset.UTC))
              .endSpec()
              .build();
      // A merge patch carrying the resourceVersion read above, as fabric8 renews the Lease: if
      // another replica took it meanwhile, the patch fails with a conflict.
      client
          .leases()
          .inNamespace(namespace)
          .resource(released)
          .patch(PatchContext.of(PatchType.JSON_MERGE));
    } catch (RuntimeException e) {
      LOG.warnf("Could not release Lease %s: %s", lease(), e.getMessage());
    }
  }
}
