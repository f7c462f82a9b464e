package io.kafkaload.operator.reconcile;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kafkaload.operator.api.KafkaLoad;
import io.kafkaload.operator.status.LoadOutcome;
import io.kafkaload.operator.status.Reasons;
import io.kafkaload.operator.validation.LoadReferences;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Looks up the Secrets and PersistentVolumeClaims a load names (one GET each: no list, no watch, so
 * a fix is seen at the next periodic reconcile). Only key names are read, never a value.
 */
final class ReferenceCheck {

  private final KubernetesClient client;

  ReferenceCheck(KubernetesClient client) {
    this.client = client;
  }

  /** Every missing Secret, key or claim as one outcome; empty when all exist. */
  Optional<LoadOutcome> missing(KafkaLoad load) {
    String namespace = load.getMetadata().getNamespace();
    List<String> secrets = new ArrayList<>();
    for (LoadReferences.SecretNeed need : LoadReferences.secrets(load.getSpec())) {
      LoadReferences.problem(need, presentKeys(namespace, need.secret()), namespace)
          .ifPresent(secrets::add);
    }
    if (!secrets.isEmpty()) {
      return Optional.of(LoadOutcome.referenceMissing(Reasons.SECRET_MISSING, secrets));
    }
    List<String> claims = new ArrayList<>();
    for (LoadReferences.ClaimNeed need : LoadReferences.claims(load)) {
      if (client.persistentVolumeClaims().inNamespace(namespace).withName(need.claim()).get()
          == null) {
        claims.add(LoadReferences.missing(need, namespace));
      }
    }
    if (!claims.isEmpty()) {
      return Optional.of(LoadOutcome.referenceMissing(Reasons.CLAIM_NOT_FOUND, claims));
    }
    return Optional.empty();
  }

  /** The keys of the Secret that hold a non-empty value; empty when it does not exist. */
  private Optional<Set<String>> presentKeys(String namespace, String name) {
    Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
    if (secret == null) {
      return Optional.empty();
    }
    Set<String> keys = new HashSet<>();
    addNonEmpty(keys, secret.getData());
    addNonEmpty(keys, secret.getStringData());
    return Optional.of(keys);
  }

  private static void addNonEmpty(Set<String> keys, Map<String, String> data) {
    if (data != null) {
      data.forEach(
          (key, value) -> {
            if (value != null && !value.isEmpty()) {
              keys.add(key);
            }
          });
    }
  }
}
