package io.kafkaload.operator.config;

import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.quarkus.arc.lookup.LookupIfProperty;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Leader election through a Lease, so several operator replicas run one active reconciler. QOSDK
 * uses this bean in the prod profile only; {@code kafkaload.leader-election.enabled=false} removes
 * it. The Lease lives in the operator's namespace (the in-cluster client's).
 */
public class LeaderElection {

  /** Name of the Lease the replicas compete for. */
  public static final String LEASE_NAME = "kafkaload-operator-lease";

  @Produces
  @Singleton
  @LookupIfProperty(
      name = "kafkaload.leader-election.enabled",
      stringValue = "true",
      lookupIfMissing = true)
  LeaderElectionConfiguration leaderElection() {
    return LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(LEASE_NAME).build();
  }
}
