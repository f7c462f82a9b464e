package io.kafkaload.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kafkaload.operator.rbac.ApiRequest;
import io.kafkaload.operator.rbac.RbacAudit;
import io.kafkaload.operator.testing.RunsLast;
import io.kafkaload.operator.testing.TestClient;
import io.kafkaload.operator.testing.TestClients;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The mock API server enforces no RBAC: every request the operator made during the whole operator
 * suite (the mock server keeps them all; {@link io.kafkaload.operator.testing.SuiteOrder} runs this
 * class last) is evaluated against the chart's rendered RBAC, cluster-wide and with {@code
 * watchNamespaces}, as Kubernetes' RBAC authorizer would. The tests' own requests (the {@link
 * TestClient}) are left out. Leader election is off in the test profile: {@code OperatorProcessIT}
 * holds the Lease requests of the packaged operator to the chart the same way.
 */
@QuarkusTest
@RunsLast
class RbacConformanceTest {

  @KubernetesTestServer KubernetesServer server;

  @Inject Fixtures fixtures;

  @Test
  void everyRequestTheOperatorMadeIsAllowedByTheChart() throws Exception {
    // Requests of its own, so that the test judges a full Batch run when it runs alone.
    fixtures.readyConnection("rbac-conformance");
    fixtures.create(
        Fixtures.exampleLoad(
            "kafkaload-batch-parquet.yaml", "rbac-conformance", "rbac-conformance"));
    await("the load's Job")
        .atMost(Fixtures.TIMEOUT)
        .until(() -> !fixtures.jobsOf("rbac-conformance").isEmpty());

    // The test profile applies the CRDs at start (quarkus.operator-sdk.crd.apply=true); the prod
    // profile never touches them (OperatorProcessIT holds the packaged operator to that).
    List<ApiRequest> requests =
        RbacAudit.drain(server.getKubernetesMockServer(), TestClients.USER_AGENT).stream()
            .filter(r -> !"customresourcedefinitions".equals(r.resource()))
            .toList();
    System.out.println(
        "Operator requests by shape:\n  "
            + String.join(
                "\n  ", requests.stream().map(ApiRequest::shape).distinct().sorted().toList()));
    assertThat(requests)
        .extracting(ApiRequest::shape)
        .as("the operator's requests were recorded, and the tests' left out")
        .contains(
            "watch kafkaload.io/kafkaloads (cluster-wide)",
            "create batch/jobs in namespace test",
            "create core/configmaps in namespace test")
        .doesNotContain("create kafkaload.io/kafkaloads in namespace test");
    assertThat(RbacAudit.clusterWideProblems(requests, Map.of()))
        .as(
            "requests the default chart's ClusterRole forbids (a request a test made itself means"
                + " that test should inject @TestClient KubernetesClient)")
        .isEmpty();
    assertThat(RbacAudit.namespacedProblems(requests, Fixtures.NAMESPACE, Map.of()))
        .as("requests a watchNamespaces install's Roles forbid")
        .isEmpty();
  }
}
