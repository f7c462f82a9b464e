package io.kafkaload.operator.rbac;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * One HTTP request to the API server, as Kubernetes' request-info resolver sees it for
 * authorization: verb, API group, resource, subresource, namespace and name, or a non-resource URL.
 */
public record ApiRequest(
    String method,
    String url,
    String verb,
    String group,
    String resource,
    String subresource,
    String namespace,
    String name) {

  /** Parses a method and a request path with its query, e.g. {@code GET /api/v1/pods?watch=1}. */
  public static ApiRequest of(String method, String url) {
    String path = url;
    String query = "";
    int q = url.indexOf('?');
    if (q >= 0) {
      path = url.substring(0, q);
      query = url.substring(q + 1);
    }
    List<String> parts = Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
    int rest;
    String group;
    if (parts.size() >= 2 && parts.get(0).equals("api")) {
      group = "";
      rest = 2;
    } else if (parts.size() >= 3 && parts.get(0).equals("apis")) {
      group = parts.get(1);
      rest = 3;
    } else {
      return new ApiRequest(method, url, nonResourceVerb(method), null, null, null, null, path);
    }
    List<String> r = parts.subList(rest, parts.size());
    boolean watchPrefix = !r.isEmpty() && r.get(0).equals("watch");
    if (watchPrefix) {
      r = r.subList(1, r.size());
    }
    String namespace = null;
    if (r.size() >= 3 && r.get(0).equals("namespaces")) {
      namespace = r.get(1);
      r = r.subList(2, r.size());
    }
    if (r.isEmpty()) {
      return new ApiRequest(method, url, nonResourceVerb(method), null, null, null, null, path);
    }
    String resource = r.get(0);
    String name = r.size() > 1 ? r.get(1) : null;
    String subresource = r.size() > 2 ? r.get(2) : null;
    if (resource.equals("namespaces") && namespace == null && name != null) {
      // /api/v1/namespaces/NAME is the namespace itself; its namespace is its name.
      namespace = name;
    }
    String verb;
    boolean watch = watchPrefix || param(query, "watch").matches("true|1");
    switch (method) {
      case "GET", "HEAD" -> {
        if (watch) {
          verb = "watch";
        } else {
          verb = name == null ? "list" : "get";
        }
      }
      case "POST" -> verb = "create";
      case "PUT" -> verb = "update";
      case "PATCH" -> verb = "patch";
      case "DELETE" -> verb = name == null ? "deletecollection" : "delete";
      default -> verb = method.toLowerCase();
    }
    if (name == null && (verb.equals("list") || verb.equals("watch"))) {
      // A list or watch of one object by field selector is authorized on that name.
      for (String selector : param(query, "fieldSelector").split(",")) {
        if (selector.startsWith("metadata.name=")) {
          name = selector.substring("metadata.name=".length());
        }
      }
    }
    return new ApiRequest(method, url, verb, group, resource, subresource, namespace, name);
  }

  boolean isResourceRequest() {
    return resource != null;
  }

  /** {@code resource} or {@code resource/subresource}, as RBAC rules name it. */
  String fullResource() {
    return subresource == null ? resource : resource + "/" + subresource;
  }

  /** The shape of the request without names, for messages and de-duplication. */
  public String shape() {
    if (!isResourceRequest()) {
      return verb + " " + name;
    }
    return verb
        + " "
        + (group.isEmpty() ? "core" : group)
        + "/"
        + fullResource()
        + (namespace == null ? " (cluster-wide)" : " in namespace " + namespace);
  }

  private static String nonResourceVerb(String method) {
    return switch (method) {
      case "GET", "HEAD" -> "get";
      case "POST" -> "post";
      case "PUT" -> "put";
      case "PATCH" -> "patch";
      case "DELETE" -> "delete";
      default -> method.toLowerCase();
    };
  }

  private static String param(String query, String key) {
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).equals(key)) {
        return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    return "";
  }
}
