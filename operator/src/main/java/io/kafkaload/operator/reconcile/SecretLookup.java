package io.kafkaload.operator.reconcile;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads one named Secret with a plain GET (RBAC: {@code get} on secrets only, no list or watch),
 * decoded. The values stay in memory for the operator's own probe.
 */
final class SecretLookup implements Function<String, Optional<Map<String, String>>> {

  private final KubernetesClient client;
  private final String namespace;

  SecretLookup(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  @Override
  public Optional<Map<String, String>> apply(String name) {
    Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
    if (secret == null) {
      return Optional.empty();
    }
    Map<String, String> values = new HashMap<>();
    if (secret.getData() != null) {
      secret
          .getData()
          .forEach(
              (key, value) ->
                  values.put(
                      key, new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8)));
    }
    if (secret.getStringData() != null) {
      values.putAll(secret.getStringData());
    }
    return Optional.of(values);
  }
}
