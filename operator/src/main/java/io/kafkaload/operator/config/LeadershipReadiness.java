package io.kafkaload.operator.config;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * {@code /q/health/ready} is DOWN while this replica does not hold the Lease: a standby replica, or
 * one whose Lease could not be taken (for example for lack of permission), is not ready, so neither
 * a rollout nor {@code kubectl get pods} mistakes it for a working operator.
 */
@Readiness
@ApplicationScoped
public class LeadershipReadiness implements HealthCheck {

  static final String NAME = "kafkaload leader election";

  private final Leadership leadership;

  LeadershipReadiness(Leadership leadership) {
    this.leadership = leadership;
  }

  @Override
  public HealthCheckResponse call() {
    var response = HealthCheckResponse.named(NAME).status(leadership.mayReconcile());
    leadership
        .lease()
        .ifPresentOrElse(
            lease ->
                response
                    .withData("lease", lease.lease())
                    .withData("identity", lease.identity())
                    .withData("leading", lease.isLeading()),
            () -> response.withData("leaderElection", "off"));
    return response.build();
  }
}
