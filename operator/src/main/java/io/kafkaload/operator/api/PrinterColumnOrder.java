package io.kafkaload.operator.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.CRDPostProcessor;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * CRD post-processor run by QOSDK at build time: the fabric8 generator sorts printer columns by
 * JSON path, but kubectl shows them in CRD order, so this restores the order in which the columns
 * are declared on the resource class.
 */
public class PrinterColumnOrder implements CRDPostProcessor {

  private static final Map<String, Class<?>> CLASSES_BY_KIND =
      Map.of(KafkaLoad.KIND, KafkaLoad.class, KafkaConnection.KIND, KafkaConnection.class);

  @Override
  public HasMetadata process(HasMetadata crd, String crdSpecVersion) {
    if (crd instanceof CustomResourceDefinition definition) {
      Class<?> type = CLASSES_BY_KIND.get(definition.getSpec().getNames().getKind());
      if (type != null) {
        definition.getSpec().getVersions().forEach(version -> reorder(version, type));
      }
    }
    return crd;
  }

  private static void reorder(CustomResourceDefinitionVersion version, Class<?> type) {
    List<String> declared =
        Arrays.stream(type.getAnnotationsByType(AdditionalPrinterColumn.class))
            .map(AdditionalPrinterColumn::name)
            .toList();
    List<CustomResourceColumnDefinition> columns =
        new ArrayList<>(version.getAdditionalPrinterColumns());
    columns.sort(Comparator.comparingInt(column -> position(declared, column.getName())));
    version.setAdditionalPrinterColumns(columns);
  }

  private static int position(List<String> declared, String name) {
    int index = declared.indexOf(name);
    return index < 0 ? declared.size() : index;
  }
}
