package io.kafkaload.worker.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The document a worker runs: the KafkaLoad spec and its KafkaConnection spec verbatim, plus what
 * the operator resolved for the pod. See docs/worker-config.md, the contract with the operator.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"apiVersion", "kind", "load", "connection", "spec", "runtime"})
public record WorkerConfig(
    String apiVersion,
    String kind,
    LoadRef load,
    Connection connection,
    LoadSpec spec,
    Runtime runtime) {

  public static final String API_VERSION = "kafkaload.io/v1alpha1";
  public static final String KIND = "WorkerConfig";

  /** Namespace and name of the KafkaLoad. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record LoadRef(String namespace, String name) {
    /** {@code namespace/name}, as shown in reports and logs. */
    public String qualified() {
      return namespace + "/" + name;
    }
  }

  /** The referenced KafkaConnection: its name and spec. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Connection(String name, ConnectionSpec spec) {}

  /** Paths the operator resolved for the pod (local runs choose their own). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Runtime(String secretsDir, String offsetsDir) {}
}
