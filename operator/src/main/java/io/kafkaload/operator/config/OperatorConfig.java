package io.kafkaload.operator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Operator settings under the {@code kafkaload.} prefix of application.properties. */
@ConfigMapping(prefix = "kafkaload")
public interface OperatorConfig {

  /** Worker pod settings. */
  Worker worker();

  /** KafkaConnection probing. */
  Connection connection();

  /** KafkaLoad reconciliation timing. */
  Load load();

  /** Leader election among operator replicas (read by {@link LeaderElection}). */
  LeaderElectionSettings leaderElection();

  /** Leader election among operator replicas. */
  interface LeaderElectionSettings {
    /** Whether replicas compete for a Lease; only the leader reconciles. */
    @WithDefault("true")
    boolean enabled();

    /**
     * Namespace of the Lease; unset: the client's namespace (in a pod, the pod's own; out of
     * cluster, the kubeconfig context's).
     */
    Optional<String> leaseNamespace();

    /** This replica's name in the Lease; unset: {@code POD_NAME}, else the host name. */
    Optional<String> identity();

    /** How long a Lease stays valid without renewal. */
    @WithDefault("15s")
    Duration leaseDuration();

    /** How long the leader keeps retrying a renewal before it gives the Lease up. */
    @WithDefault("10s")
    Duration renewDeadline();

    /** Time between two attempts to take or renew the Lease. */
    @WithDefault("2s")
    Duration retryPeriod();
  }

  /** Worker pod settings. */
  interface Worker {
    /** Image every worker pod runs. */
    @WithDefault("ghcr.io/kafkaload/worker:0.1.0")
    String image();

    /** Numeric non-root user (and group) the worker runs as. */
    @WithDefault("10001")
    long uid();

    /**
     * Service account of worker pods whose load names none; unset: the namespace's default (no
     * token is mounted either way). The chart creates one per watched namespace.
     */
    Optional<String> serviceAccount();

    /**
     * Images a load's {@code spec.worker.image} may name besides {@link #image()}: exact names or
     * prefixes ending in {@code *}. Unset: only {@link #image()}.
     */
    Optional<List<String>> allowedImages();

    /**
     * ServiceAccounts a load's {@code spec.worker.serviceAccountName} may name besides {@link
     * #serviceAccount()}. Unset: only that one.
     */
    Optional<List<String>> allowedServiceAccounts();
  }

  /** KafkaConnection probing. */
  interface Connection {
    /** How often a connection is probed again. */
    @WithDefault("60s")
    Duration probeInterval();

    /** Upper bound of one probe. */
    @WithDefault("5s")
    Duration probeTimeout();
  }

  /** KafkaLoad reconciliation timing. */
  interface Load {
    /** Delay before looking again for a finished Job's run report that was not there yet. */
    @WithDefault("10s")
    Duration reportRecheck();

    /** How often a load's consumer-group lag is read (and the load looked at again). */
    @WithDefault("30s")
    Duration lagInterval();
  }
}
