package io.kafkaload.operator.reconcile;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.kafkaload.operator.api.KafkaConnection;
import io.kafkaload.operator.api.KafkaLoad;

/**
 * The object handed to JOSDK for a status patch: name, namespace and the whole status, nothing
 * else. Without a resourceVersion the API server does no optimistic locking: the object read from
 * the informer cache is often one write behind (a burst of creations, a Job and a connection event
 * close together), and a server-side-apply patch carrying its resourceVersion failed with 409
 * Conflict and a retried reconcile. Dropping it is safe because each kind has one status writer,
 * its reconciler, which JOSDK runs one at a time per object and which computes the whole status
 * every time (lag included: there is no separate timer writing it). Without the spec, an apply
 * claims no spec field for the operator's field manager.
 */
final class StatusPatch {

  private StatusPatch() {}

  static KafkaLoad of(KafkaLoad load) {
    KafkaLoad patch = new KafkaLoad();
    patch.setMetadata(
        new ObjectMetaBuilder()
            .withName(load.getMetadata().getName())
            .withNamespace(load.getMetadata().getNamespace())
            .build());
    patch.setStatus(load.getStatus());
    return patch;
  }

  static KafkaConnection of(KafkaConnection connection) {
    KafkaConnection patch = new KafkaConnection();
    patch.setMetadata(
        new ObjectMetaBuilder()
            .withName(connection.getMetadata().getName())
            .withNamespace(connection.getMetadata().getNamespace())
            .build());
    patch.setStatus(connection.getStatus());
    return patch;
  }
}
