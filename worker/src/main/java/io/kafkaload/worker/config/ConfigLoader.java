package io.kafkaload.worker.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads what {@code kafkaload run -f} is given: a rendered worker config document, or the
 * KafkaConnection and KafkaLoad documents a user would {@code kubectl apply}.
 */
public final class ConfigLoader {

  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(SerializationFeature.INDENT_OUTPUT);

  private ConfigLoader() {}

  /** The mapper that writes worker config documents and reports. */
  public static ObjectMapper json() {
    return JSON;
  }

  /**
   * Loads {@code file}. {@code loadName} picks one KafkaLoad when the file holds several; {@code
   * runtime} gives the folders the document does not (a pod gets them from the operator).
   */
  public static WorkerConfig load(Path file, String loadName, WorkerConfig.Runtime runtime) {
    return load(file, loadName, runtime, ConfigEdit.NONE);
  }

  /**
   * Loads {@code file} with {@code edit} applied to its document (the flags and overrides of a
   * local run), then checks the result: an edit that breaks a rule is refused as the file would be,
   * naming the field. The document's {@code runtime} fields win over {@code runtime}'s.
   */
  public static WorkerConfig load(
      Path file, String loadName, WorkerConfig.Runtime runtime, ConfigEdit edit) {
    List<JsonNode> docs = readDocuments(file);
    JsonNode rendered =
        docs.stream().filter(d -> "WorkerConfig".equals(kind(d))).findFirst().orElse(null);
    WorkerConfig config =
        rendered != null
            ? bind(rendered, WorkerConfig.class, "", file)
            : fromResources(docs, file, loadName, runtime);
    return edit(config, runtimeDefaults(runtime).andThen(edit), file);
  }

  /**
   * {@code config} with {@code edit} applied to its document, bound again and checked by {@link
   * SpecValidator}: every field the edit does not name is kept as it was.
   */
  public static WorkerConfig edit(WorkerConfig config, ConfigEdit edit) {
    return edit(config, edit, Path.of("the overrides"));
  }

  private static WorkerConfig edit(WorkerConfig config, ConfigEdit edit, Path file) {
    WorkerConfig edited = config;
    if (edit != ConfigEdit.NONE) {
      ObjectNode tree = JSON.valueToTree(config);
      edit.apply(new ConfigDocument(tree));
      edited = bind(tree, WorkerConfig.class, "", file);
    }
    SpecValidator.validate(edited);
    return edited;
  }

  /** Fills the {@code runtime} fields the document leaves out with {@code defaults}' ones. */
  private static ConfigEdit runtimeDefaults(WorkerConfig.Runtime defaults) {
    if (defaults == null) {
      return ConfigEdit.NONE;
    }
    return doc -> {
      if (!doc.has("runtime.secretsDir") && defaults.secretsDir() != null) {
        doc.set("runtime.secretsDir", defaults.secretsDir());
      }
      if (!doc.has("runtime.offsetsDir") && defaults.offsetsDir() != null) {
        doc.set("runtime.offsetsDir", defaults.offsetsDir());
      }
    };
  }

  /** Parses one worker config document, refusing unknown fields. */
  public static WorkerConfig parseRendered(String json) {
    try {
      return bind(JSON.readTree(json), WorkerConfig.class, "", Path.of("<document>"));
    } catch (JsonProcessingException e) {
      throw new ConfigException("worker config is not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static WorkerConfig fromResources(
      List<JsonNode> docs, Path file, String loadName, WorkerConfig.Runtime runtime) {
    List<JsonNode> loads = ofKind(docs, "KafkaLoad");
    if (loads.isEmpty()) {
      throw new ConfigException(
          file + ": no KafkaLoad or WorkerConfig document; add a KafkaLoad (see examples/)");
    }
    JsonNode load = pickLoad(loads, loadName, file);
    String name = load.path("metadata").path("name").asText("");
    if (name.isEmpty()) {
      throw new ConfigException(file + ": KafkaLoad metadata.name is missing; give it a name");
    }
    String namespace = load.path("metadata").path("namespace").asText("default");
    LoadSpec spec = bind(load.path("spec"), LoadSpec.class, "spec.", file);
    String connName = spec.connectionRef() == null ? null : spec.connectionRef().name();
    if (connName == null || connName.isBlank()) {
      throw new ConfigException(
          "KafkaLoad " + name + ": spec.connectionRef.name is missing; name a KafkaConnection");
    }
    JsonNode connection =
        ofKind(docs, "KafkaConnection").stream()
            .filter(d -> connName.equals(d.path("metadata").path("name").asText()))
            .findFirst()
            .orElseThrow(
                () ->
                    new ConfigException(
                        "KafkaLoad "
                            + name
                            + ": spec.connectionRef.name "
                            + connName
                            + " has no KafkaConnection of that name in "
                            + file
                            + "; add it to the file"));
    ConnectionSpec connSpec =
        bind(connection.path("spec"), ConnectionSpec.class, "KafkaConnection spec.", file);
    return new WorkerConfig(
        WorkerConfig.API_VERSION,
        WorkerConfig.KIND,
        new WorkerConfig.LoadRef(namespace, name),
        new WorkerConfig.Connection(connName, connSpec),
        spec,
        runtime);
  }

  private static JsonNode pickLoad(List<JsonNode> loads, String loadName, Path file) {
    if (loadName != null) {
      return loads.stream()
          .filter(d -> loadName.equals(d.path("metadata").path("name").asText()))
          .findFirst()
          .orElseThrow(
              () ->
                  new ConfigException(
                      file
                          + ": no KafkaLoad named "
                          + loadName
                          + " in the file; it holds "
                          + loads.stream()
                              .map(d -> d.path("metadata").path("name").asText())
                              .collect(Collectors.joining(", "))));
    }
    if (loads.size() > 1) {
      String names =
          loads.stream()
              .map(d -> d.path("metadata").path("name").asText())
              .collect(Collectors.joining(", "));
      throw new ConfigException(
          file + " holds several KafkaLoads (" + names + "); choose one with --load NAME");
    }
    return loads.get(0);
  }

  private static List<JsonNode> readDocuments(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new ConfigException(file + ": no such file; pass the path of a load YAML with -f");
    }
    List<JsonNode> docs = new ArrayList<>();
    try (YAMLParser parser = ((YAMLFactory) YAML.getFactory()).createParser(file.toFile())) {
      var it = YAML.readValues(parser, JsonNode.class);
      while (it.hasNextValue()) {
        JsonNode doc = it.nextValue();
        if (doc != null && doc.isObject() && !doc.isEmpty()) {
          docs.add(doc);
        }
      }
    } catch (IOException | RuntimeException e) {
      throw new ConfigException(file + ": not valid YAML or JSON: " + firstLine(e), e);
    }
    for (JsonNode doc : docs) {
      String kind = kind(doc);
      if (!Arrays.asList("KafkaLoad", "KafkaConnection", "WorkerConfig").contains(kind)) {
        throw new ConfigException(
            file
                + ": document of kind '"
                + kind
                + "' is not a KafkaLoad, KafkaConnection or WorkerConfig; remove it");
      }
      String api = doc.path("apiVersion").asText("");
      if (!WorkerConfig.API_VERSION.equals(api)) {
        throw new ConfigException(
            file
                + ": "
                + kind
                + " has apiVersion '"
                + api
                + "'; this worker reads "
                + WorkerConfig.API_VERSION);
      }
    }
    return docs;
  }

  private static List<JsonNode> ofKind(List<JsonNode> docs, String kind) {
    return docs.stream().filter(d -> kind.equals(kind(d))).toList();
  }

  private static String kind(JsonNode doc) {
    return doc.path("kind").asText("");
  }

  private static <T> T bind(JsonNode node, Class<T> type, String prefix, Path file) {
    try {
      return YAML.treeToValue(node, type);
    } catch (JsonMappingException e) {
      // no cause: the parser's own message (a dump of the class and the path) would come back
      // in the one-line reason after this one
      throw new ConfigException(file + ": " + describe(e, prefix, file));
    } catch (JsonProcessingException e) {
      throw new ConfigException(file + ": " + firstLine(e));
    }
  }

  /** Turns a binding error into "field: problem; fix". */
  static String describe(JsonMappingException e, String prefix, Path file) {
    String field = prefix + path(e);
    if (e instanceof UnrecognizedPropertyException u) {
      List<String> names =
          u.getKnownPropertyIds() == null
              ? List.of()
              : u.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList();
      String name = u.getPropertyName();
      String where = FieldHints.locate(file, name).map(l -> " (" + l + ")").orElse("");
      String hint =
          FieldHints.closest(name, names).map(c -> "; did you mean `" + c + "`?").orElse("");
      return field
          + where
          + ": unknown field; known fields here: "
          + String.join(", ", names)
          + hint;
    }
    if (e instanceof InvalidFormatException f
        && f.getTargetType() != null
        && f.getTargetType().isEnum()) {
      String allowed =
          Arrays.stream(f.getTargetType().getEnumConstants())
              .map(String::valueOf)
              .collect(Collectors.joining(", "));
      return field + ": '" + f.getValue() + "' is not one of " + allowed;
    }
    return field + ": " + firstLine(e);
  }

  private static String path(JsonMappingException e) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        if (sb.length() > 0) {
          sb.append('.');
        }
        sb.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        sb.append('[').append(ref.getIndex()).append(']');
      }
    }
    return sb.toString();
  }

  private static String firstLine(Exception e) {
    String m =
        e instanceof JsonProcessingException j && j.getOriginalMessage() != null
            ? j.getOriginalMessage()
            : String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
