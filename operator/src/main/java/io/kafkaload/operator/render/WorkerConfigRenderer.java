package io.kafkaload.operator.render;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kafkaload.operator.api.KafkaConnection;
import io.kafkaload.operator.api.KafkaLoad;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Renders the worker config document of docs/worker-config.md: the contract with the worker. The
 * two specs are embedded verbatim (absent fields stay absent, JSON null is never written), plus the
 * facts the operator resolves for the pod.
 */
public final class WorkerConfigRenderer {

  /** apiVersion of the document. */
  public static final String API_VERSION = "kafkaload.io/v1alpha1";

  /** kind of the document. */
  public static final String KIND = "WorkerConfig";

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .setSerializationInclusion(JsonInclude.Include.NON_NULL)
          .enable(SerializationFeature.INDENT_OUTPUT);

  private WorkerConfigRenderer() {}

  /**
   * The document as a JSON tree.
   *
   * @param load the load; its namespace, or {@code defaultNamespace} when it has none
   * @param connection the KafkaConnection the load refers to
   * @param defaultNamespace namespace used for a resource read from a file without one
   */
  public static ObjectNode render(
      KafkaLoad load, KafkaConnection connection, String defaultNamespace) {
    String namespace = load.getMetadata().getNamespace();
    ObjectNode root = MAPPER.createObjectNode();
    root.put("apiVersion", API_VERSION);
    root.put("kind", KIND);
    ObjectNode loadNode = root.putObject("load");
    loadNode.put("namespace", namespace == null ? defaultNamespace : namespace);
    loadNode.put("name", load.getMetadata().getName());
    ObjectNode connectionNode = root.putObject("connection");
    connectionNode.put("name", connection.getMetadata().getName());
    connectionNode.set("spec", MAPPER.valueToTree(connection.getSpec()));
    root.set("spec", MAPPER.valueToTree(load.getSpec()));
    ObjectNode runtime = root.putObject("runtime");
    runtime.put("secretsDir", WorkloadNames.SECRETS_DIR);
    runtime.put("offsetsDir", WorkloadNames.OFFSETS_DIR);
    return root;
  }

  /** The document as the pretty-printed JSON text stored in the ConfigMap. */
  public static String toJson(ObjectNode document) {
    try {
      return MAPPER.writeValueAsString(document) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise the worker config", e);
    }
  }

  /** SHA-256 of the document's text, hex: names Jobs and rolls Deployments. */
  public static String hash(String documentJson) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(documentJson.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
