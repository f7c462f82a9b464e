package io.kafkaload.operator.reconcile;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.kafkaload.operator.api.KafkaConnection;
import io.kafkaload.operator.api.KafkaConnectionStatus;
import io.kafkaload.operator.config.OperatorConfig;
import io.kafkaload.operator.kafka.ConnectionProbe;
import io.kafkaload.operator.kafka.ProbeResult;
import io.kafkaload.operator.status.ConnectionConditions;
import io.kafkaload.operator.status.StatusDiff;
import io.kafkaload.operator.validation.ConnectionSpecValidator;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;

/**
 * Probes each KafkaConnection and reports the result in its {@code Ready} condition. The probe is
 * repeated on a timer, because a cluster can go away without any Kubernetes event.
 */
@ControllerConfiguration(name = "kafkaconnection")
public class KafkaConnectionReconciler implements Reconciler<KafkaConnection> {

  private final ConnectionProbe probe;
  private final OperatorConfig config;

  @Inject
  public KafkaConnectionReconciler(ConnectionProbe probe, OperatorConfig config) {
    this.probe = probe;
    this.config = config;
  }

  @Override
  public UpdateControl<KafkaConnection> reconcile(
      KafkaConnection connection, Context<KafkaConnection> context) {
    KafkaConnectionStatus before =
        StatusDiff.copy(connection.getStatus(), KafkaConnectionStatus.class);
    KafkaConnectionStatus status =
        connection.getStatus() == null ? new KafkaConnectionStatus() : connection.getStatus();
    connection.setStatus(status);
    Long generation = connection.getMetadata().getGeneration();
    Instant now = Instant.now();

    List<String> problems = ConnectionSpecValidator.validate(connection);
    if (!problems.isEmpty()) {
      ConnectionConditions.invalidSpec(status, problems, generation, now);
      // Nothing to probe until the spec changes, and a spec change is an event.
      return StatusDiff.changed(before, status)
          ? UpdateControl.patchStatus(connection)
          : UpdateControl.noUpdate();
    }
    ProbeResult result =
        probe.probe(connection.getSpec().getBootstrapServers(), config.connection().probeTimeout());
    ConnectionConditions.apply(status, result, generation, now);
    UpdateControl<KafkaConnection> control =
        StatusDiff.changed(before, status)
            ? UpdateControl.patchStatus(connection)
            : UpdateControl.noUpdate();
    return control.rescheduleAfter(config.connection().probeInterval());
  }
}
