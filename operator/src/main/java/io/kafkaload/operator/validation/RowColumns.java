package io.kafkaload.operator.validation;

import io.kafkaload.operator.api.KafkaLoadSpec;
import io.kafkaload.operator.api.MetadataColumn;
import io.kafkaload.operator.api.SchemaField;
import io.kafkaload.operator.api.UnknownFields;
import io.kafkaload.operator.render.LoadDefaults;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The columns of the rows a load writes, when the spec alone decides them: a schema without {@code
 * unknownFields: Keep} and no {@code transform.sql} (a query may rename or add anything). Used to
 * catch a key or partition column that names nothing.
 */
final class RowColumns {

  /** The known columns, each as written and by lower case. */
  record Known(Set<String> topLevel, Set<String> paths) {

    boolean hasTopLevel(String name) {
      return topLevel.contains(name.toLowerCase(Locale.ROOT));
    }

    boolean hasPath(String path) {
      return paths.contains(path.toLowerCase(Locale.ROOT));
    }
  }

  private RowColumns() {}

  static Optional<Known> of(KafkaLoadSpec spec) {
    var schema = spec.getSchema();
    if (schema == null
        || schema.getFields() == null
        || LoadDefaults.unknownFields(schema) == UnknownFields.Keep
        || spec.getTransform() != null) {
      return Optional.empty();
    }
    Set<String> topLevel = new LinkedHashSet<>();
    Set<String> paths = new LinkedHashSet<>();
    for (SchemaField field : schema.getFields()) {
      if (field == null || field.getName() == null || field.getName().isBlank()) {
        continue;
      }
      String name = field.getName().toLowerCase(Locale.ROOT);
      String[] parts = name.split("\\.");
      topLevel.add(parts[0]);
      StringBuilder path = new StringBuilder();
      for (String part : parts) {
        path.append(path.isEmpty() ? "" : ".").append(part);
        paths.add(path.toString());
      }
    }
    var kafka = spec.getSource() == null ? null : spec.getSource().getKafka();
    if (kafka != null && kafka.getMetadataColumns() != null) {
      for (MetadataColumn column : kafka.getMetadataColumns()) {
        if (column != null) {
          String name = "_" + column.name().toLowerCase(Locale.ROOT);
          topLevel.add(name);
          paths.add(name);
        }
      }
    }
    return Optional.of(new Known(topLevel, paths));
  }
}
