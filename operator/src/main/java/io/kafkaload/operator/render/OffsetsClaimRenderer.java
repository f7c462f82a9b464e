package io.kafkaload.operator.render;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.kafkaload.operator.api.KafkaLoad;

/** The PVC of the File offset store, created when the spec names none. */
public final class OffsetsClaimRenderer {

  private OffsetsClaimRenderer() {}

  /**
   * The claim, without an owner reference on purpose: positions must outlive the KafkaLoad, so a
   * re-created load resumes instead of reloading everything.
   */
  public static PersistentVolumeClaim render(KafkaLoad load) {
    return new PersistentVolumeClaimBuilder()
        .withMetadata(
            new ObjectMetaBuilder()
                .withName(WorkloadNames.offsetsClaim(load))
                .withNamespace(load.getMetadata().getNamespace())
                .withLabels(Ownership.labels(load))
                .build())
        .withNewSpec()
        .withAccessModes("ReadWriteOnce")
        .withNewResources()
        .addToRequests("storage", new Quantity(LoadDefaults.offsetsStorage(load.getSpec())))
        .endResources()
        .endSpec()
        .build();
  }
}
