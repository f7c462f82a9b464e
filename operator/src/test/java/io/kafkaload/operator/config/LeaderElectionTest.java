package io.kafkaload.operator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class LeaderElectionTest {

  @Test
  void leaseNamespaceIsTheConfiguredOneElseTheClients() {
    assertThat(LeaderElection.leaseNamespace(Optional.of("ops"), "team-a")).isEqualTo("ops");
    assertThat(LeaderElection.leaseNamespace(Optional.of(" "), "team-a")).isEqualTo("team-a");
    assertThat(LeaderElection.leaseNamespace(Optional.empty(), "team-a")).isEqualTo("team-a");
  }

  @Test
  void noNamespaceAnywhereSaysWhatToSet() {
    // Out of cluster with a kubeconfig context that names no namespace.
    assertThatThrownBy(() -> LeaderElection.leaseNamespace(Optional.empty(), null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("KAFKALOAD_LEADER_ELECTION_LEASE_NAMESPACE")
        .hasMessageContaining("kubectl config set-context --current --namespace=NAME")
        .hasMessageContaining("KAFKALOAD_LEADER_ELECTION_ENABLED=false");
    assertThatThrownBy(() -> LeaderElection.leaseNamespace(Optional.empty(), ""))
        .isInstanceOf(IllegalStateException.class);
  }
}
