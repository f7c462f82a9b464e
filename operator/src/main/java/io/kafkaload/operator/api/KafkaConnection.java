package io.kafkaload.operator.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * How to reach one Kafka cluster. KafkaLoads in the same namespace refer to it by name; the
 * operator probes it with a bounded AdminClient call and reports the result in {@code Ready}.
 */
@Group(KafkaConnection.GROUP)
@Version(KafkaConnection.VERSION)
@ShortNames("kconn")
@Categories(KafkaLoad.CATEGORY)
// Declaring any column drops kubectl's default Age column, so Age is declared explicitly.
@AdditionalPrinterColumn(
    name = "Bootstrap",
    jsonPath = ".spec.bootstrapServers",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1,
    getDescription = "Kafka bootstrap servers")
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING,
    getDescription = "Whether the last probe reached the cluster")
@AdditionalPrinterColumn(
    name = "Reason",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason",
    type = AdditionalPrinterColumn.Type.STRING,
    getDescription = "Reason of the Ready condition")
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class KafkaConnection extends CustomResource<KafkaConnectionSpec, KafkaConnectionStatus>
    implements Namespaced {

  /** API group of every kafkaload resource. */
  public static final String GROUP = "kafkaload.io";

  /** Served and stored API version. */
  public static final String VERSION = "v1alpha1";

  /** Kind of this resource, as written in YAML. */
  public static final String KIND = "KafkaConnection";
}
