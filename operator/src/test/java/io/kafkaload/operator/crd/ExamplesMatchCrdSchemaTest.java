package io.kafkaload.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import io.kafkaload.operator.testing.CrdSchemas;
import io.kafkaload.operator.testing.Examples;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each example's spec is valid against the committed CRD's openAPIV3Schema (types, enums, required
 * fields, minimums), and typical mistakes are not. CEL rules are not evaluated here; the validator
 * tests cover the same rules on the operator side.
 */
class ExamplesMatchCrdSchemaTest {

  private static final YAMLMapper YAML = new YAMLMapper();

  static Stream<Arguments> specs() {
    return Examples.files().stream()
        .flatMap(
            file ->
                Stream.of(
                    Arguments.of(
                        file.getFileName() + " KafkaLoad", file, "KafkaLoad", "kafkaloads"),
                    Arguments.of(
                        file.getFileName() + " KafkaConnection",
                        file,
                        "KafkaConnection",
                        "kafkaconnections")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("specs")
  void exampleSpecsAreValid(String name, Path file, String kind, String plural) throws IOException {
    List<Error> errors = specSchema(plural).validate(Examples.document(file, kind).get("spec"));
    assertThat(errors).as("schema errors of %s", name).isEmpty();
  }

  static Stream<Arguments> mistakes() {
    return Stream.of(
        mistake("lower-case mode", s -> s.put("mode", "batch"), "mode"),
        mistake("missing sink", s -> s.remove("sink"), "sink"),
        mistake("missing connectionRef", s -> s.remove("connectionRef"), "connectionRef"),
        mistake(
            "zero maxRecords",
            s -> ((ObjectNode) s.get("sink")).putObject("flush").put("maxRecords", 0),
            "maxRecords"),
        mistake(
            "unknown file format",
            s -> ((ObjectNode) s.at("/sink/files")).put("format", "Orc"),
            "format"),
        mistake(
            "empty topics", s -> ((ObjectNode) s.at("/source/kafka")).putArray("topics"), "topics"),
        mistake("zero replicas", s -> s.put("replicas", 0), "replicas"),
        mistake(
            "negative ttl", s -> s.put("ttlSecondsAfterFinished", -1), "ttlSecondsAfterFinished"),
        mistake(
            "unknown trigger type", s -> s.putObject("trigger").put("type", "Sometimes"), "type"),
        mistake(
            "unknown retention policy",
            s -> ((ObjectNode) s.get("offsets")).put("retentionPolicy", "Keep"),
            "retentionPolicy"),
        mistake(
            "bad pull policy",
            s -> s.putObject("worker").put("imagePullPolicy", "Sometimes"),
            "imagePullPolicy"),
        mistake(
            "unknown metadata column",
            s -> ((ObjectNode) s.at("/source/kafka")).putArray("metadataColumns").add("topic"),
            "metadataColumns"),
        mistake("unknown field type", s -> field(s).put("type", "integer"), "type"),
        mistake("decimal without scale", s -> field(s).put("type", "decimal(10)"), "type"),
        mistake("unknown privacy rule", s -> field(s).put("privacy", "Encrypt"), "privacy"),
        mistake(
            "negative maskKeepLast",
            s -> field(s).put("privacy", "Mask").put("maskKeepLast", -1),
            "maskKeepLast"),
        mistake("field without name", s -> field(s).remove("name"), "name"),
        mistake(
            "salt without key",
            s -> s.putObject("schema").putObject("salt").put("name", "salt"),
            "key"),
        mistake(
            "unknown unknownFields policy",
            s -> s.putObject("schema").put("unknownFields", "Drop"),
            "unknownFields"),
        mistake(
            "unknown compression",
            s -> ((ObjectNode) s.at("/sink/files")).put("compression", "Brotli"),
            "compression"),
        mistake(
            "coalesce 0", s -> ((ObjectNode) s.at("/sink/files")).put("coalesce", 0), "coalesce"),
        mistake(
            "unknown write mode",
            s -> ((ObjectNode) s.at("/sink/files")).put("writeMode", "Replace"),
            "writeMode"),
        mistake(
            "maxBytes 0",
            s -> ((ObjectNode) s.get("sink")).putObject("flush").put("maxBytes", 0),
            "maxBytes"),
        mistake(
            "negative maxRejected",
            s -> s.putObject("rejected").put("maxRejected", -1),
            "maxRejected"),
        mistake(
            "ratio above 1",
            s -> s.putObject("rejected").put("maxRejectedRatio", 1.5),
            "maxRejectedRatio"),
        mistake("files source without path", s -> filesSource(s).remove("path"), "path"),
        mistake("unknown files source format", s -> filesSource(s).put("format", "Orc"), "format"),
        mistake(
            "two-character csv delimiter",
            s -> filesSource(s).put("format", "Csv").putObject("csv").put("delimiter", ";;"),
            "delimiter"),
        mistake(
            "empty csv delimiter",
            s -> filesSource(s).put("format", "Csv").putObject("csv").put("delimiter", ""),
            "delimiter"),
        mistake(
            "hivePartitioning as text",
            s -> filesSource(s).put("hivePartitioning", "yes"),
            "hivePartitioning"),
        mistake(
            "rejected topic with a space",
            s -> s.putObject("rejected").put("topic", "bad topic"),
            "topic"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mistakes")
  void typicalMistakesAreRejected(String name, Consumer<ObjectNode> mistake, String field)
      throws IOException {
    ObjectNode spec =
        Examples.document(
                Examples.repoRoot().resolve("examples/kafkaload-batch-parquet.yaml"), "KafkaLoad")
            .get("spec")
            .deepCopy();
    mistake.accept(spec);

    List<Error> errors = specSchema("kafkaloads").validate(spec);

    assertThat(errors).isNotEmpty();
    assertThat(errors.toString()).contains(field);
  }

  static Stream<Arguments> connectionMistakes() {
    return Stream.of(
        mistake(
            "unknown protocol",
            s -> s.putObject("security").put("protocol", "SASL_SSL"),
            "protocol"),
        mistake(
            "sasl without secretRef",
            s -> s.putObject("security").putObject("sasl").put("mechanism", "Plain"),
            "secretRef"),
        mistake(
            "unknown mechanism",
            s ->
                s.putObject("security")
                    .putObject("sasl")
                    .put("mechanism", "GSSAPI")
                    .putObject("secretRef")
                    .put("name", "x"),
            "mechanism"),
        mistake(
            "registry without scheme",
            s -> s.putObject("schemaRegistry").put("url", "registry:8081"),
            "url"),
        mistake(
            "option that is not a string",
            s -> s.putObject("options").put("request.timeout.ms", 30000),
            "request.timeout.ms"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("connectionMistakes")
  void typicalConnectionMistakesAreRejected(String name, Consumer<ObjectNode> mistake, String field)
      throws IOException {
    ObjectNode spec =
        Examples.document(
                Examples.repoRoot().resolve("examples/kafkaload-batch-parquet.yaml"),
                "KafkaConnection")
            .get("spec")
            .deepCopy();
    mistake.accept(spec);

    List<Error> errors = specSchema("kafkaconnections").validate(spec);

    assertThat(errors).isNotEmpty();
    assertThat(errors.toString()).contains(field);
  }

  private static Arguments mistake(String name, Consumer<ObjectNode> mistake, String field) {
    return Arguments.of(name, mistake, field);
  }

  /** A valid files source in place of the spec's Kafka source, to be broken by the caller. */
  private static ObjectNode filesSource(ObjectNode spec) {
    ObjectNode source = spec.putObject("source");
    return source.putObject("files").put("path", "/data/events").put("format", "Parquet");
  }

  /** A valid schema field added to the spec, to be broken by the caller. */
  private static ObjectNode field(ObjectNode spec) {
    ObjectNode schema =
        spec.has("schema") ? (ObjectNode) spec.get("schema") : spec.putObject("schema");
    return schema.putArray("fields").addObject().put("name", "amount").put("type", "double");
  }

  private static Schema specSchema(String plural) {
    return CrdSchemas.spec(plural);
  }
}
