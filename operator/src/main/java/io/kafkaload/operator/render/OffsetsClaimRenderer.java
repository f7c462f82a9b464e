package io.kafkaload.operator.render;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.kafkaload.operator.api.KafkaLoad;
import java.util.List;

/** The PVC of the File offset store, created when the spec names none. */
public final class OffsetsClaimRenderer {

  private OffsetsClaimRenderer() {}

  /**
   * The claim. With retentionPolicy Retain (default) it has no owner reference on purpose:
   * positions must outlive the KafkaLoad, so a re-created load resumes instead of reloading
   * everything. With Delete it is owned by the load, so the garbage collector removes it with the
   * load: no finalizer needed.
   */
  public static PersistentVolumeClaim render(KafkaLoad load) {
    return new PersistentVolumeClaimBuilder()
        .withMetadata(
            new ObjectMetaBuilder()
                .withName(WorkloadNames.offsetsClaim(load))
                .withNamespace(load.getMetadata().getNamespace())
                .withLabels(Ownership.labels(load))
                .withOwnerReferences(ownerReferences(load))
                .build())
        .withNewSpec()
        .withAccessModes("ReadWriteOnce")
        .withNewResources()
        .addToRequests("storage", new Quantity(LoadDefaults.offsetsStorage(load.getSpec())))
        .endResources()
        .endSpec()
        .build();
  }

  /** The owner references the claim should carry under the load's retention policy. */
  public static List<OwnerReference> ownerReferences(KafkaLoad load) {
    return LoadDefaults.deleteOffsetsWithLoad(load.getSpec())
        ? List.of(Ownership.controllerRef(load))
        : List.of();
  }
}
