package io.kafkaload.operator.render;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.kafkaload.operator.api.KafkaLoad;

/** The ConfigMap that carries the worker config document into the pod. */
public final class ConfigMapRenderer {

  private ConfigMapRenderer() {}

  /** ConfigMap {@code <load>-config} with key {@code worker-config.json}. */
  public static ConfigMap render(KafkaLoad load, String workerConfigJson) {
    return new ConfigMapBuilder()
        .withMetadata(Ownership.ownedMeta(load, WorkloadNames.configMap(load)))
        .addToData(WorkloadNames.CONFIG_KEY, workerConfigJson)
        .build();
  }
}
