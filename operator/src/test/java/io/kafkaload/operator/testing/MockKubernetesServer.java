package io.kafkaload.operator.testing;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.kubernetes.client.KubernetesServerTestResource;

/**
 * The fabric8 mock API server in CRUD mode (the resource's default; the same as
 * {@code @WithKubernetesTestServer(crud = true)}), declared once and globally: a resource
 * restricted to each annotated class makes Quarkus restart the application for every test class,
 * while a global one lets all {@code @QuarkusTest} classes share one application start. The mock
 * client's namespace is {@code test}.
 */
@QuarkusTestResource(KubernetesServerTestResource.class)
public final class MockKubernetesServer {

  private MockKubernetesServer() {}
}
