package io.kafkaload.operator.rbac;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkaload.operator.helm.RenderedChart;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The RBAC evaluator of {@link RbacConformanceTest} and {@code OperatorProcessIT} (HTTP method and
 * URL to verb, resource and namespace; rules as the RBAC authorizer matches them), and what the
 * chart grants: what the operator uses, no more.
 */
class ChartRbacTest {

  private static final String NS = RenderedChart.NAMESPACE;

  private static final ChartRbac DEFAULTS = rbac(Map.of());

  @Test
  void requestsMapToVerbsAsTheApiServerDoes() {
    assertThat(ApiRequest.of("GET", "/api/v1/namespaces/a/pods/p").verb()).isEqualTo("get");
    assertThat(ApiRequest.of("GET", "/api/v1/namespaces/a/pods?labelSelector=x").verb())
        .isEqualTo("list");
    assertThat(ApiRequest.of("GET", "/api/v1/pods?watch=true").verb()).isEqualTo("watch");
    assertThat(ApiRequest.of("GET", "/api/v1/watch/namespaces/a/pods").verb()).isEqualTo("watch");
    assertThat(ApiRequest.of("POST", "/apis/batch/v1/namespaces/a/jobs").verb())
        .isEqualTo("create");
    assertThat(ApiRequest.of("PUT", "/apis/apps/v1/namespaces/a/deployments/d").verb())
        .isEqualTo("update");
    assertThat(ApiRequest.of("PATCH", "/apis/apps/v1/namespaces/a/deployments/d").verb())
        .isEqualTo("patch");
    assertThat(ApiRequest.of("DELETE", "/apis/batch/v1/namespaces/a/jobs/j").verb())
        .isEqualTo("delete");
    assertThat(ApiRequest.of("DELETE", "/apis/batch/v1/namespaces/a/jobs").verb())
        .isEqualTo("deletecollection");
    ApiRequest status =
        ApiRequest.of("PATCH", "/apis/kafkaload.io/v1alpha1/namespaces/a/kafkaloads/l/status");
    assertThat(status.fullResource()).isEqualTo("kafkaloads/status");
    assertThat(status.namespace()).isEqualTo("a");
    assertThat(status.group()).isEqualTo("kafkaload.io");
    ApiRequest byName =
        ApiRequest.of("GET", "/api/v1/namespaces/a/secrets?fieldSelector=metadata.name%3Ds");
    assertThat(byName.verb()).isEqualTo("list");
    assertThat(byName.name()).isEqualTo("s");
    assertThat(ApiRequest.of("GET", "/apis/batch/v1/jobs?watch=1").namespace()).isNull();
    assertThat(ApiRequest.of("GET", "/version").isResourceRequest()).isFalse();
  }

  @Test
  void theLeaderMayRenewItsLeaseInItsOwnNamespaceOnly() {
    String lease = "/apis/coordination.k8s.io/v1/namespaces/%s/leases/kafkaload-operator-lease";
    assertThat(DEFAULTS.whyNot(ApiRequest.of("PATCH", lease.formatted(NS)))).isNull();
    assertThat(DEFAULTS.whyNot(ApiRequest.of("PATCH", lease.formatted("team-a"))))
        .contains("needs the rule")
        .contains("resources: [leases], verbs: [patch]");
    assertThat(
            rbac(Map.of("leaderElection.enabled", false))
                .whyNot(ApiRequest.of("GET", lease.formatted(NS))))
        .isNotNull();
    // Every authenticated user may review its own rules (JOSDK's start-up check).
    assertThat(
            DEFAULTS.whyNot(
                ApiRequest.of("POST", "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")))
        .isNull();
  }

  @Test
  void grantsOnlyWhatTheOperatorUses() {
    // Status is always patched; pods only listed (run reports by label).
    assertThat(
            DEFAULTS.whyNot(
                ApiRequest.of(
                    "PUT", "/apis/kafkaload.io/v1alpha1/namespaces/a/kafkaloads/l/status")))
        .isNotNull();
    assertThat(
            DEFAULTS.whyNot(
                ApiRequest.of(
                    "PUT", "/apis/kafkaload.io/v1alpha1/namespaces/a/kafkaconnections/c/status")))
        .isNotNull();
    assertThat(
            DEFAULTS.whyNot(
                ApiRequest.of(
                    "PATCH", "/apis/kafkaload.io/v1alpha1/namespaces/a/kafkaloads/l/status")))
        .isNull();
    assertThat(DEFAULTS.whyNot(ApiRequest.of("GET", "/api/v1/namespaces/a/pods/p"))).isNotNull();
    assertThat(DEFAULTS.whyNot(ApiRequest.of("GET", "/api/v1/namespaces/a/pods?labelSelector=j")))
        .isNull();
    // Never a spec write, never a Secret list.
    assertThat(
            DEFAULTS.whyNot(
                ApiRequest.of("PUT", "/apis/kafkaload.io/v1alpha1/namespaces/a/kafkaloads/l")))
        .isNotNull();
    assertThat(DEFAULTS.whyNot(ApiRequest.of("GET", "/api/v1/secrets"))).isNotNull();
  }

  @Test
  void secretsAreReadEverywhereByDefaultOrOnlyInTheListedNamespaces() {
    assertThat(DEFAULTS.whyNot(ApiRequest.of("GET", "/api/v1/namespaces/team-b/secrets/s")))
        .isNull();
    ChartRbac listed = rbac(Map.of("rbac.secretNamespaces[0]", "team-a"));
    assertThat(listed.whyNot(ApiRequest.of("GET", "/api/v1/namespaces/team-a/secrets/s"))).isNull();
    assertThat(listed.whyNot(ApiRequest.of("GET", "/api/v1/namespaces/team-b/secrets/s")))
        .contains("a Role bound in namespace team-b");
    // The rest of the operator's rules stay cluster-wide.
    assertThat(listed.whyNot(ApiRequest.of("POST", "/apis/batch/v1/namespaces/team-b/jobs")))
        .isNull();
    ChartRbac watching = rbac(Map.of("watchNamespaces[0]", "team-a"));
    assertThat(watching.whyNot(ApiRequest.of("GET", "/api/v1/namespaces/team-a/secrets/s")))
        .isNull();
    assertThat(watching.whyNot(ApiRequest.of("GET", "/api/v1/namespaces/team-b/secrets/s")))
        .isNotNull();
    assertThatThrownBy(
            () ->
                rbac(Map.of("watchNamespaces[0]", "team-a", "rbac.secretNamespaces[0]", "team-a")))
        .hasMessageContaining("rbac.secretNamespaces applies only without watchNamespaces");
  }

  private static ChartRbac rbac(Map<String, Object> values) {
    return new ChartRbac(RenderedChart.render(values).objects, NS, RenderedChart.RELEASE);
  }
}
