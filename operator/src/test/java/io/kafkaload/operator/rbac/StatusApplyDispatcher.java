package io.kafkaload.operator.rbac;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.Queue;
import java.util.Set;

/**
 * The mock API server (expectations, then CRUD) taught the one server-side apply the operator
 * makes. The CRUD mock answers 415 to every apply, and the packaged operator (prod profile) writes
 * each status with one: a forced apply on the {@code status} subresource, by the reconciler's own
 * field manager, of the object's name, namespace and whole status ({@code StatusPatch}). The
 * reconciler is the only writer of that status, so on a real API server the result is the stored
 * status replaced by the applied one; this dispatcher turns exactly that apply into the JSON patch
 * {@code add /status}, which the CRUD mock does support. Any other apply (a spec field, another
 * subresource) is left to the mock, which refuses it: a test then sees the operator fail rather
 * than a guessed result. The request the operator sent is what the server records, so RBAC audits
 * still judge its real verb ({@code patch} on {@code .../status}).
 */
final class StatusApplyDispatcher extends KubernetesMixedDispatcher {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Set<String> TOP_LEVEL = Set.of("apiVersion", "kind", "metadata", "status");
  private static final Set<String> METADATA = Set.of("name", "namespace");

  StatusApplyDispatcher(Map<ServerRequest, Queue<ServerResponse>> expectations) {
    super(expectations);
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    JsonNode status = appliedStatus(request);
    if (status == null) {
      return super.dispatch(request);
    }
    ArrayNode patch = YAML.createArrayNode();
    patch.addObject().put("op", "add").put("path", "/status").set("value", status);
    byte[] body = patch.toString().getBytes(StandardCharsets.UTF_8);
    return super.dispatch(
        new RecordedRequest(
            request.getHttpVersion(),
            request.method(),
            // Without the apply's query (fieldManager, force): the mock takes only a path that
            // ends in "/status" for the subresource, and force is for applies only.
            withoutQuery(request.getPath()),
            request
                .getHeaders()
                .newBuilder()
                .set("Content-Type", "application/json-patch+json")
                .set("Content-Length", Integer.toString(body.length))
                .build(),
            new Buffer(body)));
  }

  /** The status of a status-only apply on a status subresource; null for any other request. */
  private static JsonNode appliedStatus(RecordedRequest request) {
    String type = request.getHeader("Content-Type");
    if (!"PATCH".equals(request.getMethod())
        || type == null
        || !type.startsWith("application/apply-patch")
        || !withoutQuery(request.getPath()).endsWith("/status")) {
      return null;
    }
    JsonNode applied;
    try {
      applied = YAML.readTree(body(request));
    } catch (IOException e) {
      return null;
    }
    if (applied == null
        || !applied.isObject()
        || !applied.path("status").isObject()
        || !onlyFields(applied, TOP_LEVEL)
        || !onlyFields(applied.path("metadata"), METADATA)) {
      return null;
    }
    return applied.get("status");
  }

  private static String withoutQuery(String path) {
    int query = path.indexOf('?');
    return query < 0 ? path : path.substring(0, query);
  }

  /** The body, left in place for the mock ({@code getUtf8Body} consumes it). */
  private static String body(RecordedRequest request) {
    return request.getBody() == null
        ? ""
        : new String(request.getBody().getBytes(), StandardCharsets.UTF_8);
  }

  private static boolean onlyFields(JsonNode node, Set<String> allowed) {
    if (node.isMissingNode()) {
      return true;
    }
    if (!node.isObject()) {
      return false;
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      if (!allowed.contains(names.next())) {
        return false;
      }
    }
    return true;
  }
}
