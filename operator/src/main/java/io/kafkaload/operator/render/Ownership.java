package io.kafkaload.operator.render;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.kafkaload.operator.api.KafkaLoad;
import java.util.LinkedHashMap;
import java.util.Map;

/** Labels and owner references shared by the objects rendered for a load. */
public final class Ownership {

  private Ownership() {}

  /** Labels on every object and pod of a load; also the Deployment's selector. */
  public static Map<String, String> labels(KafkaLoad load) {
    Map<String, String> labels = new LinkedHashMap<>(selector(load));
    labels.put("app.kubernetes.io/managed-by", WorkloadNames.MANAGED_BY);
    labels.put(WorkloadNames.LOAD_LABEL, load.getMetadata().getName());
    return labels;
  }

  /** The immutable subset of the labels that selects a load's pods. */
  public static Map<String, String> selector(KafkaLoad load) {
    Map<String, String> selector = new LinkedHashMap<>();
    selector.put("app.kubernetes.io/name", "kafkaload-worker");
    selector.put("app.kubernetes.io/instance", load.getMetadata().getName());
    return selector;
  }

  /** A controller owner reference: Kubernetes deletes the child with the load. */
  public static OwnerReference controllerRef(KafkaLoad load) {
    return new OwnerReferenceBuilder()
        .withApiVersion(load.getApiVersion())
        .withKind(load.getKind())
        .withName(load.getMetadata().getName())
        .withUid(load.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build();
  }

  /** Metadata of an owned child in the load's namespace. */
  public static ObjectMeta ownedMeta(KafkaLoad load, String name) {
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(load.getMetadata().getNamespace())
        .withLabels(labels(load))
        .withOwnerReferences(controllerRef(load))
        .build();
  }
}
