package io.kafkaload.operator.testing;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Produces the tests' own {@link TestClient}: the operator's configuration, another User-Agent. */
public class TestClients {

  /** The User-Agent of every request the tests make. */
  public static final String USER_AGENT = "kafkaload-test-suite";

  @Produces
  @Singleton
  @TestClient
  KubernetesClient testClient(KubernetesClient operatorClient) {
    return new KubernetesClientBuilder()
        .withConfig(
            new ConfigBuilder(operatorClient.getConfiguration()).withUserAgent(USER_AGENT).build())
        .build();
  }

  void close(@Disposes @TestClient KubernetesClient client) {
    client.close();
  }
}
