package io.kafkaload.operator.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marcnuri.helm.Helm;
import io.kafkaload.operator.reconcile.KafkaConnectionReconciler;
import io.kafkaload.operator.reconcile.KafkaLoadReconciler;
import io.quarkiverse.operatorsdk.annotations.RBACRule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The chart lints, and renders what CONVENTIONS.md asks for: restricted security contexts,
 * least-privilege RBAC (cluster-wide by default, per namespace with watchNamespaces), aggregated
 * user roles, leader election, metrics toggles, NetworkPolicy and the dashboard.
 */
class HelmChartTest {

  private static RenderedChart defaults;
  private static RenderedChart namespaced;

  @BeforeAll
  static void render() {
    defaults = RenderedChart.render(Map.of());
    namespaced =
        RenderedChart.render(
            Map.of("watchNamespaces[0]", "team-a", "watchNamespaces[1]", "team-b"));
  }

  @Test
  void lintsStrictly() {
    var result = new Helm(RenderedChart.chart()).lint().strict().call();
    assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
  }

  @Test
  void defaultInstallWatchesEveryNamespaceWithAClusterRole() {
    assertThat(defaults.kinds())
        .contains(
            "ServiceAccount/kafkaload",
            "Deployment/kafkaload",
            "Service/kafkaload-metrics",
            "ClusterRole/kafkaload",
            "ClusterRoleBinding/kafkaload",
            "ClusterRole/kafkaload-secrets",
            "ClusterRoleBinding/kafkaload-secrets",
            "Role/kafkaload-leader-election",
            "RoleBinding/kafkaload-leader-election",
            "ClusterRole/kafkaload-admin",
            "ClusterRole/kafkaload-edit",
            "ClusterRole/kafkaload-view");
    // crds/ is installed by Helm but not templated (CrdFilesTest keeps it equal to the model).
    assertThat(defaults.kinds())
        .noneMatch(
            k ->
                k.startsWith("ServiceMonitor/")
                    || k.startsWith("PodMonitor/")
                    || k.startsWith("NetworkPolicy/")
                    || k.startsWith("ConfigMap/"));
    assertThat(env(defaults, "QUARKUS_OPERATOR_SDK_NAMESPACES")).isEqualTo("JOSDK_ALL_NAMESPACES");
    assertThat(env(defaults, "KAFKALOAD_WORKER_IMAGE")).isEqualTo("ghcr.io/kafkaload/worker:0.1.0");
    assertThat(env(defaults, "KAFKALOAD_LEADER_ELECTION_ENABLED")).isEqualTo("true");
    assertThat(container(defaults).path("env").toString())
        .doesNotContain("KAFKALOAD_WORKER_SERVICE_ACCOUNT");
    JsonNode container = container(defaults);
    assertThat(container.path("image").asText()).isEqualTo("ghcr.io/kafkaload/operator:0.1.0");
    var binding = defaults.one("ClusterRoleBinding", "kafkaload");
    assertThat(binding.at("/subjects/0/namespace").asText()).isEqualTo(RenderedChart.NAMESPACE);
    assertThat(binding.at("/subjects/0/name").asText()).isEqualTo("kafkaload");
  }

  @Test
  void namespacedInstallHasARolePerNamespaceAndNothingClusterWide() {
    assertThat(namespaced.ofKind("Role"))
        .extracting(
            r -> r.at("/metadata/namespace").asText() + "/" + r.at("/metadata/name").asText())
        .containsExactlyInAnyOrder(
            "team-a/kafkaload", "team-b/kafkaload", "kafkaload-system/kafkaload-leader-election");
    assertThat(namespaced.ofKind("RoleBinding"))
        .allSatisfy(
            b -> {
              assertThat(b.at("/subjects/0/name").asText()).isEqualTo("kafkaload");
              assertThat(b.at("/subjects/0/namespace").asText()).isEqualTo(RenderedChart.NAMESPACE);
            });
    assertThat(namespaced.ofKind("ClusterRoleBinding")).isEmpty();
    // Only the aggregated user roles remain cluster-scoped.
    assertThat(namespaced.ofKind("ClusterRole"))
        .extracting(r -> r.at("/metadata/name").asText())
        .containsExactlyInAnyOrder("kafkaload-admin", "kafkaload-edit", "kafkaload-view");
    assertThat(env(namespaced, "QUARKUS_OPERATOR_SDK_NAMESPACES")).isEqualTo("team-a,team-b");
    // Workers get their own token-less identity in each watched namespace.
    assertThat(namespaced.ofKind("ServiceAccount"))
        .filteredOn(a -> "kafkaload-worker".equals(a.at("/metadata/name").asText()))
        .extracting(a -> a.at("/metadata/namespace").asText())
        .containsExactlyInAnyOrder("team-a", "team-b");
    assertThat(namespaced.ofKind("ServiceAccount"))
        .filteredOn(a -> "kafkaload-worker".equals(a.at("/metadata/name").asText()))
        .allSatisfy(
            a -> assertThat(a.path("automountServiceAccountToken").asBoolean(true)).isFalse());
    assertThat(env(namespaced, "KAFKALOAD_WORKER_SERVICE_ACCOUNT")).isEqualTo("kafkaload-worker");
  }

  @Test
  void operatorRulesAreExplicitAndNeverListOrWatchSecrets() {
    for (RenderedChart chart : List.of(defaults, namespaced)) {
      for (JsonNode role :
          Stream.concat(chart.ofKind("Role").stream(), chart.ofKind("ClusterRole").stream())
              .toList()) {
        for (JsonNode rule : role.path("rules")) {
          assertThat(strings(rule.path("verbs"))).doesNotContain("*");
          assertThat(strings(rule.path("resources"))).doesNotContain("*");
          assertThat(strings(rule.path("apiGroups"))).doesNotContain("*");
          if (strings(rule.path("resources")).contains("secrets")) {
            assertThat(strings(rule.path("verbs"))).containsExactly("get");
          }
        }
      }
    }
  }

  @Test
  void operatorRulesCoverEveryRuleTheReconcilersDeclare() {
    JsonNode rules = defaults.one("ClusterRole", "kafkaload").path("rules");
    JsonNode secrets = defaults.one("ClusterRole", "kafkaload-secrets").path("rules");
    JsonNode leases = defaults.one("Role", "kafkaload-leader-election").path("rules");
    List<RBACRule> declared = new ArrayList<>();
    declared.addAll(Arrays.asList(KafkaLoadReconciler.class.getAnnotationsByType(RBACRule.class)));
    declared.addAll(
        Arrays.asList(KafkaConnectionReconciler.class.getAnnotationsByType(RBACRule.class)));
    assertThat(declared).hasSizeGreaterThan(5);
    for (RBACRule rule : declared) {
      for (String group : rule.apiGroups()) {
        for (String resource : rule.resources()) {
          for (String verb : rule.verbs()) {
            JsonNode where =
                switch (resource) {
                  case "leases" -> leases;
                  case "secrets" -> secrets;
                  default -> rules;
                };
            assertThat(allows(where, group, resource, verb))
                .as("chart grants %s on %s.%s", verb, resource, group)
                .isTrue();
          }
        }
      }
    }
    // The primaries: read, and status written; never created or deleted by the operator.
    assertThat(allows(rules, "kafkaload.io", "kafkaloads", "watch")).isTrue();
    assertThat(allows(rules, "kafkaload.io", "kafkaloads/status", "patch")).isTrue();
    assertThat(allows(rules, "kafkaload.io", "kafkaloads", "delete")).isFalse();
  }

  @Test
  void leaseRoleLetsTheLeaderRenewAndOnlyTheLeaderIsReady() {
    JsonNode leases = defaults.one("Role", "kafkaload-leader-election").path("rules");
    // JOSDK checks get, create and update at start-up; fabric8 renews with a patch.
    for (String verb : List.of("get", "create", "update", "patch")) {
      assertThat(allows(leases, "coordination.k8s.io", "leases", verb)).as(verb).isTrue();
    }
    assertThat(container(defaults).at("/readinessProbe/httpGet/path").asText())
        .isEqualTo("/q/health/ready");
    // A standby is never ready: a rollout must not wait for a new pod before stopping an old one.
    JsonNode strategy = defaults.one("Deployment", "kafkaload").at("/spec/strategy");
    assertThat(strategy.at("/rollingUpdate/maxSurge").asInt()).isZero();
    assertThat(strategy.at("/rollingUpdate/maxUnavailable").asInt()).isEqualTo(1);
    assertThat(env(defaults, "POD_NAME")).isEmpty(); // from the downward API: the Lease identity
  }

  @Test
  void workerAllowlistsReachTheOperatorOnlyWhenSet() {
    assertThat(container(defaults).path("env").toString())
        .doesNotContain("KAFKALOAD_WORKER_ALLOWED_IMAGES")
        .doesNotContain("KAFKALOAD_WORKER_ALLOWED_SERVICE_ACCOUNTS");
    RenderedChart allowing =
        RenderedChart.render(
            Map.of(
                "worker.allowedImages[0]", "registry.example.com/kafkaload/worker:*",
                "worker.allowedImages[1]", "mirror.example.com/worker:0.1.0",
                "worker.allowedServiceAccounts[0]", "loader"));
    assertThat(env(allowing, "KAFKALOAD_WORKER_ALLOWED_IMAGES"))
        .isEqualTo("registry.example.com/kafkaload/worker:*,mirror.example.com/worker:0.1.0");
    assertThat(env(allowing, "KAFKALOAD_WORKER_ALLOWED_SERVICE_ACCOUNTS")).isEqualTo("loader");
    assertThatThrownBy(() -> RenderedChart.render(Map.of("worker.allowedImages[0]", "a,b")))
        .hasMessageContaining("allowedImages");
  }

  @Test
  void aggregatedRolesJoinTheBuiltInOnes() {
    assertThat(
            defaults
                .one("ClusterRole", "kafkaload-admin")
                .at("/metadata/labels/rbac.authorization.k8s.io~1aggregate-to-admin")
                .asText())
        .isEqualTo("true");
    assertThat(
            defaults
                .one("ClusterRole", "kafkaload-edit")
                .at("/metadata/labels/rbac.authorization.k8s.io~1aggregate-to-edit")
                .asText())
        .isEqualTo("true");
    JsonNode view = defaults.one("ClusterRole", "kafkaload-view");
    assertThat(view.at("/metadata/labels/rbac.authorization.k8s.io~1aggregate-to-view").asText())
        .isEqualTo("true");
    for (JsonNode rule : view.path("rules")) {
      assertThat(strings(rule.path("verbs"))).containsExactlyInAnyOrder("get", "list", "watch");
    }
  }

  @Test
  void operatorPodIsRestricted() {
    JsonNode pod = defaults.one("Deployment", "kafkaload").at("/spec/template/spec");
    assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
    assertThat(pod.at("/securityContext/runAsUser").asInt()).isPositive();
    assertThat(pod.at("/securityContext/seccompProfile/type").asText()).isEqualTo("RuntimeDefault");
    JsonNode context = container(defaults).path("securityContext");
    assertThat(context.path("allowPrivilegeEscalation").asBoolean(true)).isFalse();
    assertThat(context.path("readOnlyRootFilesystem").asBoolean()).isTrue();
    assertThat(context.path("runAsNonRoot").asBoolean()).isTrue();
    assertThat(strings(context.at("/capabilities/drop"))).containsExactly("ALL");
    assertThat(context.at("/seccompProfile/type").asText()).isEqualTo("RuntimeDefault");
    assertThat(container(defaults).at("/volumeMounts/0/mountPath").asText()).isEqualTo("/tmp");
    assertThat(pod.at("/volumes/0/emptyDir").isObject()).isTrue();
  }

  @Test
  void optionalObjectsFollowTheirToggles() throws Exception {
    RenderedChart all =
        RenderedChart.render(
            Map.of(
                "metrics.serviceMonitor.enabled", true,
                "metrics.podMonitor.enabled", true,
                "metrics.workerPodMonitor.enabled", true,
                "networkPolicy.enabled", true,
                "grafanaDashboard.enabled", true,
                "leaderElection.enabled", false));
    assertThat(all.one("ServiceMonitor", "kafkaload").at("/spec/endpoints/0/path").asText())
        .isEqualTo("/q/metrics");
    assertThat(all.one("PodMonitor", "kafkaload").at("/spec/podMetricsEndpoints/0/port").asText())
        .isEqualTo("http");
    JsonNode workers = all.one("PodMonitor", "kafkaload-workers");
    assertThat(workers.at("/spec/selector/matchLabels/app.kubernetes.io~1name").asText())
        .isEqualTo("kafkaload-worker");
    assertThat(workers.at("/spec/podMetricsEndpoints/0/port").asText()).isEqualTo("metrics");
    assertThat(workers.at("/spec/podMetricsEndpoints/0/honorLabels").asBoolean()).isTrue();
    JsonNode policy = all.one("NetworkPolicy", "kafkaload");
    assertThat(strings(policy.at("/spec/policyTypes"))).containsExactly("Ingress", "Egress");
    JsonNode dashboard = all.one("ConfigMap", "kafkaload-dashboard");
    assertThat(dashboard.at("/metadata/labels/grafana_dashboard").asText()).isEqualTo("1");
    JsonNode json = new ObjectMapper().readTree(dashboard.at("/data/kafkaload.json").asText());
    assertThat(json.path("panels").toString())
        .contains("kafkaload_load_lag")
        .contains("kafkaload_load_last_run_records_rejected")
        .contains("kafkaload_load_last_run_records_filtered")
        .contains("operator_sdk_reconciliations_started_total")
        .contains("kafkaload_records_written_total")
        .contains("kafkaload_records_rejected_total");
    assertThat(all.kinds()).noneMatch(k -> k.endsWith("-leader-election"));
    assertThat(env(all, "KAFKALOAD_LEADER_ELECTION_ENABLED")).isEqualTo("false");
  }

  @Test
  void valuesSchemaAndGuardsRefuseUnsafeOrUnknownValues() {
    assertThatThrownBy(() -> RenderedChart.render(Map.of("logLevel", "loud")))
        .hasMessageContaining("logLevel");
    assertThatThrownBy(
            () -> RenderedChart.render(Map.of("securityContext.allowPrivilegeEscalation", true)))
        .hasMessageContaining("allowPrivilegeEscalation");
    assertThatThrownBy(() -> RenderedChart.render(Map.of("watchNamespace[0]", "a")))
        .hasMessageContaining("watchNamespace");
    assertThatThrownBy(
            () -> RenderedChart.render(Map.of("replicaCount", 2, "leaderElection.enabled", false)))
        .hasMessageContaining("leaderElection.enabled");
  }

  private static boolean allows(JsonNode rules, String group, String resource, String verb) {
    for (JsonNode rule : rules) {
      if (strings(rule.path("apiGroups")).contains(group)
          && strings(rule.path("resources")).contains(resource)
          && strings(rule.path("verbs")).contains(verb)) {
        return true;
      }
    }
    return false;
  }

  private static JsonNode container(RenderedChart chart) {
    return chart.one("Deployment", "kafkaload").at("/spec/template/spec/containers/0");
  }

  private static String env(RenderedChart chart, String name) {
    for (JsonNode env : container(chart).path("env")) {
      if (name.equals(env.path("name").asText())) {
        return env.path("value").asText();
      }
    }
    throw new AssertionError("no env " + name);
  }

  private static List<String> strings(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
  }
}
