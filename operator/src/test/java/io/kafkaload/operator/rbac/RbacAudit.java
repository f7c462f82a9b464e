package io.kafkaload.operator.rbac;

import io.fabric8.mockwebserver.DefaultMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.kafkaload.operator.helm.RenderedChart;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Evaluates the requests a mock API server received against the chart's RBAC for the operator's
 * ServiceAccount, in the default (cluster-wide) install and in a {@code watchNamespaces} install.
 */
public final class RbacAudit {

  /**
   * Resources that are not namespaced: a request without a namespace is not a cross-namespace one.
   */
  private static final Set<String> CLUSTER_SCOPED =
      Set.of(
          "namespaces",
          "nodes",
          "persistentvolumes",
          "customresourcedefinitions",
          "selfsubjectrulesreviews",
          "selfsubjectaccessreviews",
          "selfsubjectreviews",
          "clusterroles",
          "clusterrolebindings",
          "storageclasses");

  private RbacAudit() {}

  /** Takes every request the server recorded so far, except those whose User-Agent is ignored. */
  public static List<ApiRequest> drain(DefaultMockServer server, String ignoredUserAgent)
      throws InterruptedException {
    List<ApiRequest> requests = new ArrayList<>();
    RecordedRequest recorded;
    while ((recorded = server.takeRequest(1, TimeUnit.MILLISECONDS)) != null) {
      if (!ignoredUserAgent.equals(recorded.getHeader("User-Agent"))) {
        requests.add(ApiRequest.of(recorded.getMethod(), recorded.getPath()));
      }
    }
    return requests;
  }

  /**
   * What the default install forbids, one line per distinct request shape.
   *
   * @param values chart values ({@code --set}), e.g. {@code leaderElection.enabled=false}
   */
  public static List<String> clusterWideProblems(
      Collection<ApiRequest> requests, Map<String, Object> values) {
    return problems(RenderedChart.render(values).objects, requests, null);
  }

  /**
   * What an install with {@code watchNamespaces: [namespace]} forbids. Requests across all
   * namespaces become the same request in that namespace: with watchNamespaces the operator watches
   * each namespace on its own.
   */
  public static List<String> namespacedProblems(
      Collection<ApiRequest> requests, String namespace, Map<String, Object> values) {
    Map<String, Object> namespaced = new java.util.HashMap<>(values);
    namespaced.put("watchNamespaces[0]", namespace);
    return problems(RenderedChart.render(namespaced).objects, requests, namespace);
  }

  private static List<String> problems(
      List<com.fasterxml.jackson.databind.JsonNode> chart,
      Collection<ApiRequest> requests,
      String watchedNamespace) {
    ChartRbac rbac = new ChartRbac(chart, RenderedChart.NAMESPACE, RenderedChart.RELEASE);
    Map<String, String> problems = new LinkedHashMap<>();
    for (ApiRequest request : requests) {
      ApiRequest judged = request;
      if (watchedNamespace != null
          && request.isResourceRequest()
          && request.namespace() == null
          && !CLUSTER_SCOPED.contains(request.resource())) {
        judged =
            new ApiRequest(
                request.method(),
                request.url() + " (as in namespace " + watchedNamespace + ")",
                request.verb(),
                request.group(),
                request.resource(),
                request.subresource(),
                watchedNamespace,
                request.name());
      }
      String problem = rbac.whyNot(judged);
      if (problem != null) {
        problems.putIfAbsent(judged.shape(), problem);
      }
    }
    return new ArrayList<>(problems.values());
  }
}
