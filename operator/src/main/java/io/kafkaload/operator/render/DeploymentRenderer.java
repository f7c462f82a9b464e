package io.kafkaload.operator.render;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kafkaload.operator.api.KafkaLoad;
import java.util.Map;

/** The Deployment of a Streaming load. */
public final class DeploymentRenderer {

  private DeploymentRenderer() {}

  /**
   * The Deployment; its pod template carries the config hash, so a config change rolls the pods.
   * The spec has no replica count yet (docs/worker-config.md): one worker, none when suspended.
   */
  public static Deployment render(KafkaLoad load, String configHash, WorkerSettings settings) {
    int replicas = LoadDefaults.suspended(load.getSpec()) ? 0 : 1;
    Deployment deployment =
        new DeploymentBuilder()
            .withMetadata(Ownership.ownedMeta(load, WorkloadNames.deployment(load)))
            .withNewSpec()
            .withReplicas(replicas)
            .withNewSelector()
            .withMatchLabels(Ownership.selector(load))
            .endSelector()
            // Never two workers at once: they would write the same files and offsets.
            .withNewStrategy()
            .withType("Recreate")
            .endStrategy()
            .withTemplate(PodTemplateRenderer.render(load, configHash, settings, "Always"))
            .endSpec()
            .build();
    String specHash = WorkerConfigRenderer.hash(Serialization.asJson(deployment.getSpec()));
    deployment
        .getMetadata()
        .setAnnotations(Map.of(WorkloadNames.SPEC_HASH_ANNOTATION, specHash.substring(0, 16)));
    return deployment;
  }
}
