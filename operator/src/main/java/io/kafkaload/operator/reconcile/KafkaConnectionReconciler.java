package io.kafkaload.operator.reconcile;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.kafkaload.operator.api.KafkaConnection;
import io.kafkaload.operator.api.KafkaConnectionSpec;
import io.kafkaload.operator.api.KafkaConnectionStatus;
import io.kafkaload.operator.config.OperatorConfig;
import io.kafkaload.operator.kafka.ConnectionProbe;
import io.kafkaload.operator.kafka.KafkaClientConfig;
import io.kafkaload.operator.kafka.ProbeResult;
import io.kafkaload.operator.kafka.SchemaRegistryProbe;
import io.kafkaload.operator.kafka.SecretRefs;
import io.kafkaload.operator.kafka.SecretValues;
import io.kafkaload.operator.status.ConnectionConditions;
import io.kafkaload.operator.status.ConnectionEvents;
import io.kafkaload.operator.status.Reasons;
import io.kafkaload.operator.status.StatusDiff;
import io.kafkaload.operator.validation.ConnectionSpecValidator;
import io.quarkiverse.operatorsdk.annotations.RBACRule;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Probes each KafkaConnection and reports the result in its {@code Ready} condition. The probe is
 * repeated on a timer, because a cluster can go away without any Kubernetes event.
 */
@ControllerConfiguration(name = "kafkaconnection")
// The probe reads the Secrets a connection names, one GET each: no list, no watch.
@RBACRule(apiGroups = "", resources = "secrets", verbs = "get")
@RBACRule(apiGroups = "", resources = "events", verbs = "create")
public class KafkaConnectionReconciler implements Reconciler<KafkaConnection> {

  private final ConnectionProbe probe;
  private final SchemaRegistryProbe registryProbe;
  private final OperatorConfig config;

  @Inject
  public KafkaConnectionReconciler(
      ConnectionProbe probe, SchemaRegistryProbe registryProbe, OperatorConfig config) {
    this.probe = probe;
    this.registryProbe = registryProbe;
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
      EventRecorder.record(
          context.getClient(), connection, ConnectionEvents.between(before, status));
      // Nothing to probe until the spec changes, and a spec change is an event.
      return StatusDiff.changed(before, status)
          ? UpdateControl.patchStatus(StatusPatch.of(connection))
          : UpdateControl.noUpdate();
    }
    ProbeResult result = probe(connection, context);
    ConnectionConditions.apply(status, result, generation, now);
    EventRecorder.record(context.getClient(), connection, ConnectionEvents.between(before, status));
    UpdateControl<KafkaConnection> control =
        StatusDiff.changed(before, status)
            ? UpdateControl.patchStatus(StatusPatch.of(connection))
            : UpdateControl.noUpdate();
    // Re-probed on a timer: a cluster can go away, and Secrets are not watched (least privilege),
    // so a rotated or fixed Secret is picked up at the next probe.
    return control.rescheduleAfter(config.connection().probeInterval());
  }

  /** Secrets, then the brokers, then the registry: the first failure is the result. */
  private ProbeResult probe(KafkaConnection connection, Context<KafkaConnection> context) {
    KafkaConnectionSpec spec = connection.getSpec();
    SecretValues.Result secrets =
        SecretValues.read(
            SecretRefs.needed(spec),
            new SecretLookup(context.getClient(), connection.getMetadata().getNamespace()));
    if (!secrets.complete()) {
      return ProbeResult.failed(Reasons.SECRET_MISSING, secrets.missing());
    }
    Duration timeout = config.connection().probeTimeout();
    ProbeResult brokers =
        probe.probe(KafkaClientConfig.properties(spec, secrets.values()), timeout);
    if (!brokers.reachable() || spec.getSchemaRegistry() == null) {
      return brokers;
    }
    var registry = spec.getSchemaRegistry();
    String auth =
        registry.getBasicAuthSecretRef() == null
            ? null
            : registry.getBasicAuthSecretRef().getName();
    ProbeResult failure =
        registryProbe.probe(
            registry.getUrl(),
            auth == null ? null : secrets.values().get(auth, SecretRefs.USERNAME),
            auth == null ? null : secrets.values().get(auth, SecretRefs.PASSWORD),
            KafkaClientConfig.trustedCertificates(spec, secrets.values()),
            timeout);
    if (failure != null) {
      return failure;
    }
    return new ProbeResult(
        true,
        brokers.clusterId(),
        brokers.brokers(),
        brokers.reason(),
        brokers.message() + "; schema registry " + registry.getUrl() + " answered");
  }
}
