package io.kafkaload.operator.render;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategy;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategyBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kafkaload.operator.api.KafkaLoad;
import io.kafkaload.operator.api.OffsetStoreType;
import java.util.Map;

/** The Deployment of a Streaming load. */
public final class DeploymentRenderer {

  private DeploymentRenderer() {}

  /**
   * The Deployment; its pod template carries the config hash, so a config change rolls the pods.
   * {@code spec.replicas} workers (0 when suspended, 1 with a File store).
   */
  public static Deployment render(KafkaLoad load, String configHash, WorkerSettings settings) {
    int replicas = LoadDefaults.replicas(load.getSpec());
    Deployment deployment =
        new DeploymentBuilder()
            .withMetadata(Ownership.ownedMeta(load, WorkloadNames.deployment(load)))
            .withNewSpec()
            .withReplicas(replicas)
            .withNewSelector()
            .withMatchLabels(Ownership.selector(load))
            .endSelector()
            .withStrategy(strategy(load))
            .withTemplate(PodTemplateRenderer.render(load, configHash, settings, "Always"))
            .endSpec()
            .build();
    String specHash = WorkerConfigRenderer.hash(Serialization.asJson(deployment.getSpec()));
    deployment
        .getMetadata()
        .setAnnotations(Map.of(WorkloadNames.SPEC_HASH_ANNOTATION, specHash.substring(0, 16)));
    return deployment;
  }

  /**
   * Recreate for a File store (one volume, one writer: two workers would write the same files and
   * offsets) and for a single worker; RollingUpdate one pod at a time otherwise, never more workers
   * than replicas: the consumer group hands partitions over, committing before it does.
   */
  static DeploymentStrategy strategy(KafkaLoad load) {
    boolean single =
        LoadDefaults.offsetStore(load.getSpec()) == OffsetStoreType.File
            || load.getSpec().getReplicas() == null
            || load.getSpec().getReplicas() <= 1;
    if (single) {
      return new DeploymentStrategyBuilder().withType("Recreate").build();
    }
    return new DeploymentStrategyBuilder()
        .withType("RollingUpdate")
        .withNewRollingUpdate()
        .withMaxSurge(new IntOrString(0))
        .withMaxUnavailable(new IntOrString(1))
        .endRollingUpdate()
        .build();
  }
}
