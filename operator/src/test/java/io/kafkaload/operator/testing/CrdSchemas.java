package io.kafkaload.operator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;

/**
 * The committed CRDs' openAPIV3Schema of {@code spec} (types, enums, required fields, minimums), as
 * the API server checks an object before the operator sees it. CEL rules are not evaluated.
 */
public final class CrdSchemas {

  private static final YAMLMapper YAML = new YAMLMapper();

  private CrdSchemas() {}

  /** The schema of {@code spec} of the CRD of {@code plural} (kafkaloads, kafkaconnections). */
  public static Schema spec(String plural) {
    try {
      JsonNode crd =
          YAML.readTree(
              Files.readString(
                  Examples.repoRoot().resolve("crds/" + plural + ".kafkaload.io-v1.yml")));
      JsonNode schema = crd.at("/spec/versions/0/schema/openAPIV3Schema/properties/spec");
      return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4).getSchema(schema);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The schema's errors with {@code spec}, each as {@code spec.a.b[0]: message}. */
  public static List<String> problems(String plural, JsonNode spec) {
    return spec(plural).validate(spec).stream().map(CrdSchemas::line).toList();
  }

  private static String line(Error error) {
    StringBuilder field = new StringBuilder("spec");
    var location = error.getInstanceLocation();
    for (int i = 0; i < location.getNameCount(); i++) {
      Object element = location.getElement(i);
      if (element instanceof Integer index) {
        field.append('[').append(index).append(']');
      } else {
        field.append('.').append(element);
      }
    }
    if ("required".equals(error.getKeyword()) && error.getProperty() != null) {
      field.append('.').append(error.getProperty());
    }
    return field + ": " + error.getMessage();
  }
}
