package io.kafkaload.operator.rbac;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;

/**
 * What a ServiceAccount may do under a rendered chart's RBAC, decided as Kubernetes' RBAC
 * authorizer decides: ClusterRoleBindings grant their role's rules everywhere, RoleBindings in
 * their namespace only; a rule matches on apiGroups, resources (with {@code resource/subresource}
 * and {@code *}), resourceNames and verbs. Every authenticated user also has the built-in {@code
 * system:basic-user}, {@code system:discovery} and {@code system:public-info-viewer} rules (self
 * reviews, discovery and version URLs).
 */
final class ChartRbac {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Rules every authenticated user has through Kubernetes' default bindings. */
  private static final List<JsonNode> BUILT_IN =
      List.of(
          rule(
              "{\"apiGroups\":[\"authorization.k8s.io\"],\"resources\":[\"selfsubjectaccessreviews\","
                  + "\"selfsubjectrulesreviews\"],\"verbs\":[\"create\"]}"),
          rule(
              "{\"apiGroups\":[\"authentication.k8s.io\"],\"resources\":[\"selfsubjectreviews\"],"
                  + "\"verbs\":[\"create\"]}"),
          rule(
              "{\"nonResourceURLs\":[\"/api\",\"/api/*\",\"/apis\",\"/apis/*\",\"/openapi\","
                  + "\"/openapi/*\",\"/version\",\"/version/\",\"/healthz\",\"/livez\",\"/readyz\"],"
                  + "\"verbs\":[\"get\"]}"));

  private final List<JsonNode> clusterRules = new ArrayList<>(BUILT_IN);
  private final Map<String, List<JsonNode>> namespaceRules = new HashMap<>();

  /** The rules the chart's objects grant to ServiceAccount {@code namespace/name}. */
  ChartRbac(List<JsonNode> objects, String serviceAccountNamespace, String serviceAccount) {
    for (JsonNode binding : objects) {
      String kind = binding.path("kind").asText();
      if (!kind.equals("ClusterRoleBinding") && !kind.equals("RoleBinding")) {
        continue;
      }
      if (!binds(binding, serviceAccountNamespace, serviceAccount)) {
        continue;
      }
      String bindingNamespace = binding.at("/metadata/namespace").asText();
      List<JsonNode> rules =
          roleRules(
              objects,
              binding.at("/roleRef/kind").asText(),
              binding.at("/roleRef/name").asText(),
              bindingNamespace);
      if (kind.equals("ClusterRoleBinding")) {
        clusterRules.addAll(rules);
      } else {
        namespaceRules.computeIfAbsent(bindingNamespace, n -> new ArrayList<>()).addAll(rules);
      }
    }
  }

  /** Null when the request is allowed; else what is missing. */
  String whyNot(ApiRequest request) {
    List<JsonNode> rules = new ArrayList<>(clusterRules);
    if (request.isResourceRequest() && request.namespace() != null) {
      rules.addAll(namespaceRules.getOrDefault(request.namespace(), List.of()));
    }
    for (JsonNode rule : rules) {
      if (matches(rule, request)) {
        return null;
      }
    }
    if (!request.isResourceRequest()) {
      return request.method()
          + " "
          + request.url()
          + ": needs a ClusterRole rule {nonResourceURLs: ["
          + request.name()
          + "], verbs: ["
          + request.verb()
          + "]}";
    }
    String where =
        request.namespace() == null
            ? "a ClusterRole bound with a ClusterRoleBinding (the request is cluster-wide)"
            : "a Role bound in namespace "
                + request.namespace()
                + ", or a ClusterRole bound cluster-wide";
    return request.method()
        + " "
        + request.url()
        + ": needs the rule {apiGroups: [\""
        + request.group()
        + "\"], resources: ["
        + request.fullResource()
        + "], verbs: ["
        + request.verb()
        + "]"
        + (request.name() == null ? "" : " (or resourceNames: [" + request.name() + "])")
        + "} in "
        + where;
  }

  private static boolean matches(JsonNode rule, ApiRequest request) {
    Set<String> verbs = strings(rule.path("verbs"));
    if (!verbs.contains(request.verb()) && !verbs.contains("*")) {
      return false;
    }
    if (!request.isResourceRequest()) {
      for (String url : strings(rule.path("nonResourceURLs"))) {
        if (url.equals(request.name())
            || url.equals("*")
            || (url.endsWith("*")
                && request.name().startsWith(url.substring(0, url.length() - 1)))) {
          return true;
        }
      }
      return false;
    }
    Set<String> groups = strings(rule.path("apiGroups"));
    if (!groups.contains(request.group()) && !groups.contains("*")) {
      return false;
    }
    Set<String> resources = strings(rule.path("resources"));
    String full = request.fullResource();
    boolean resourceMatches =
        resources.contains(full)
            || resources.contains("*")
            || (request.subresource() != null && resources.contains("*/" + request.subresource()));
    if (!resourceMatches) {
      return false;
    }
    Set<String> names = strings(rule.path("resourceNames"));
    return names.isEmpty() || (request.name() != null && names.contains(request.name()));
  }

  private static boolean binds(JsonNode binding, String namespace, String name) {
    for (JsonNode subject : binding.path("subjects")) {
      if (subject.path("kind").asText().equals("ServiceAccount")
          && subject.path("name").asText().equals(name)
          && subject.path("namespace").asText().equals(namespace)) {
        return true;
      }
    }
    return false;
  }

  private static List<JsonNode> roleRules(
      List<JsonNode> objects, String kind, String name, String bindingNamespace) {
    for (JsonNode role : objects) {
      if (role.path("kind").asText().equals(kind)
          && role.at("/metadata/name").asText().equals(name)
          && (kind.equals("ClusterRole")
              || role.at("/metadata/namespace").asText().equals(bindingNamespace))) {
        List<JsonNode> rules = new ArrayList<>();
        role.path("rules").forEach(rules::add);
        return rules;
      }
    }
    throw new AssertionError("the chart binds " + kind + " " + name + ", which it does not render");
  }

  private static Set<String> strings(JsonNode array) {
    return Set.copyOf(
        StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList());
  }

  private static JsonNode rule(String json) {
    try {
      return JSON.readTree(json);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
