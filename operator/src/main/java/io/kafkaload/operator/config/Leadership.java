package io.kafkaload.operator.config;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * Whether this replica may reconcile: always without leader election, only while it holds the Lease
 * with it. {@link LeadershipReadiness} reports it; {@link LeaderElection} fills it in.
 */
@Singleton
public class Leadership {

  private volatile LeaseLeadership lease;

  void electWith(LeaseLeadership lease) {
    this.lease = lease;
  }

  /** The Lease this replica competes for; empty without leader election. */
  public Optional<LeaseLeadership> lease() {
    return Optional.ofNullable(lease);
  }

  /** True without leader election, else while this replica holds the Lease. */
  public boolean mayReconcile() {
    LeaseLeadership current = lease;
    return current == null || current.isLeading();
  }

  // Runs before the operator stops (lower priority values run first), so that the stop of the
  // leadership it causes is taken as part of the shutdown.
  void onShutdown(@Observes @Priority(1) ShutdownEvent event) {
    LeaseLeadership current = lease;
    if (current != null) {
      current.shuttingDown();
    }
  }
}
