package io.kafkaload.operator.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * One load of Kafka topics into a sink. The operator renders it into a worker config document and
 * runs it as a Job (mode Batch) or a Deployment (mode Streaming).
 */
@Group(KafkaConnection.GROUP)
@Version(KafkaConnection.VERSION)
@ShortNames("kl")
@Categories(KafkaLoad.CATEGORY)
// Declaring any column drops kubectl's default Age column, so Age is declared explicitly.
@AdditionalPrinterColumn(
    name = "Mode",
    jsonPath = ".spec.mode",
    type = AdditionalPrinterColumn.Type.STRING,
    getDescription = "Batch (a Job) or Streaming (a Deployment)")
@AdditionalPrinterColumn(
    name = "Connection",
    jsonPath = ".spec.connectionRef.name",
    type = AdditionalPrinterColumn.Type.STRING,
    getDescription =
        "The KafkaConnection of the load: its source topics, its positions, its Kafka sink")
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING,
    getDescription = "Summary condition")
@AdditionalPrinterColumn(
    name = "Reason",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason",
    type = AdditionalPrinterColumn.Type.STRING,
    getDescription = "Reason of the Ready condition")
@AdditionalPrinterColumn(
    name = "Lag",
    jsonPath = ".status.lag",
    type = AdditionalPrinterColumn.Type.INTEGER,
    getDescription =
        "Kafka source: records not loaded yet, summed over partitions; empty for a files source")
@AdditionalPrinterColumn(
    name = "Last Run",
    jsonPath = ".status.lastRun.completionTime",
    type = AdditionalPrinterColumn.Type.DATE,
    getDescription = "When the last run finished")
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(
    name = "Status",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].message",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1,
    getDescription = "Message of the Ready condition")
public class KafkaLoad extends CustomResource<KafkaLoadSpec, KafkaLoadStatus>
    implements Namespaced {

  /** Kind of this resource, as written in YAML. */
  public static final String KIND = "KafkaLoad";

  /**
   * The category of both kinds: {@code kubectl get kafkaload-all} lists loads and connections. It
   * must differ from every singular, plural and short name: kubectl 1.28-1.33 expand a category
   * before a singular name, so a category {@code kafkaload} made {@code kubectl get kafkaload NAME}
   * fail with "you must specify only one resource". Not {@code kafka}: Strimzi's Kafka kind is
   * named so.
   */
  public static final String CATEGORY = "kafkaload-all";
}
