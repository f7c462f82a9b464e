package io.kafkaload.worker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading the YAML a user applies: names, namespaces, and the errors for what cannot run. */
class ConfigLoaderTest {
  @TempDir Path dir;

  private static final String CONNECTION =
      """
      apiVersion: kafkaload.io/v1alpha1
      kind: KafkaConnection
      metadata:
        name: kafka
      spec:
        bootstrapServers: broker:9092
      ---
      """;

  private WorkerConfig load(String yaml) throws IOException {
    Path file = dir.resolve("load.yaml");
    Files.writeString(file, yaml);
    return ConfigLoader.load(file, null, new WorkerConfig.Runtime("/s", "/o"));
  }

  private static String loadDoc(String spec) {
    return """
        apiVersion: kafkaload.io/v1alpha1
        kind: KafkaLoad
        metadata:
          name: l1
          namespace: team-a
        spec:
        """
        + spec.indent(2);
  }

  @Test
  void takesNamespaceAndAppliesDefaults() throws IOException {
    WorkerConfig c =
        load(
            CONNECTION
                + loadDoc(
                    """
                    connectionRef: {name: kafka}
                    source: {kafka: {topics: [t]}}
                    sink: {files: {path: /out}}
                    """));
    assertThat(c.load().qualified()).isEqualTo("team-a/l1");
    assertThat(c.connection().spec().bootstrapServers()).isEqualTo("broker:9092");
    assertThat(c.spec().modeOrDefault()).isEqualTo(LoadSpec.Mode.Batch);
    assertThat(c.spec().offsetStoreOrDefault()).isEqualTo(LoadSpec.OffsetStoreKind.Topic);
    assertThat(c.spec().sink().files().formatOrDefault()).isEqualTo(LoadSpec.FileFormat.Parquet);
    assertThat(c.spec().groupIdOrDefault(c.load())).isEqualTo("kafkaload.team-a.l1");
    assertThat(c.spec().sink().flushOrDefault().maxRecordsOrDefault()).isEqualTo(1_000_000L);
  }

  @Test
  void streamingDefaultsToTheGroupStore() throws IOException {
    WorkerConfig c =
        load(
            CONNECTION
                + loadDoc(
                    """
                    connectionRef: {name: kafka}
                    mode: Streaming
                    source: {kafka: {topicPattern: "t-.*"}}
                    sink: {files: {path: /out, format: Json}}
                    """));
    assertThat(c.spec().offsetStoreOrDefault()).isEqualTo(LoadSpec.OffsetStoreKind.Group);
  }

  @Test
  void missingConnectionIsNamed() {
    assertThatThrownBy(
            () ->
                load(
                    loadDoc(
                        """
                        connectionRef: {name: nowhere}
                        source: {kafka: {topics: [t]}}
                        sink: {files: {path: /out}}
                        """)))
        .hasMessageContaining("spec.connectionRef.name nowhere")
        .hasMessageContaining("add it to the file");
  }

  @Test
  void badEnumNamesFieldAndChoices() {
    assertThatThrownBy(
            () ->
                load(
                    CONNECTION
                        + loadDoc(
                            """
                            connectionRef: {name: kafka}
                            source: {kafka: {topics: [t]}}
                            sink: {files: {path: /out, format: parquet}}
                            """)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("spec.sink.files.format: 'parquet' is not one of Parquet, Json");
  }

  @Test
  void severalLoadsNeedAChoice() {
    String one =
        loadDoc(
            """
            connectionRef: {name: kafka}
            source: {kafka: {topics: [t]}}
            sink: {files: {path: /out}}
            """);
    assertThatThrownBy(() -> load(CONNECTION + one + "---\n" + one.replace("l1", "l2")))
        .hasMessageContaining("several KafkaLoads (l1, l2)")
        .hasMessageContaining("--load NAME");
  }

  @Test
  void anUnknownLoadNameListsTheLoadsOfTheFile() throws Exception {
    String one =
        loadDoc(
            """
            connectionRef: {name: kafka}
            source: {kafka: {topics: [t]}}
            sink: {files: {path: /out}}
            """);
    Path file = dir.resolve("two-loads.yaml");
    Files.writeString(file, CONNECTION + one + "---\n" + one.replace("l1", "l2"));
    assertThatThrownBy(() -> ConfigLoader.load(file, "l3", new WorkerConfig.Runtime("/s", "/o")))
        .isInstanceOf(ConfigException.class)
        .hasMessageEndingWith("no KafkaLoad named l3 in the file; it holds l1, l2");
  }

  @Test
  void otherKindsAndVersionsAreRefused() {
    assertThatThrownBy(() -> load("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n"))
        .hasMessageContaining("kind 'ConfigMap'");
    assertThatThrownBy(
            () ->
                load(
                    CONNECTION.replace("kafkaload.io/v1alpha1", "kafkaload.io/v2")
                        + loadDoc("connectionRef: {name: kafka}")))
        .hasMessageContaining("apiVersion 'kafkaload.io/v2'");
  }

  @Test
  void missingFileSaysSo() {
    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    dir.resolve("nope.yaml"), null, new WorkerConfig.Runtime("/s", "/o")))
        .hasMessageContaining("no such file");
  }

  @Test
  void aRenderedDocumentsRuntimeWinsAndWhatItLeavesOutIsTheLocalRuns() throws IOException {
    String rendered =
        """
        {"apiVersion": "kafkaload.io/v1alpha1", "kind": "WorkerConfig",
         "load": {"namespace": "ns", "name": "l"},
         "connection": {"name": "kafka", "spec": {"bootstrapServers": "k:9092"}},
         "spec": {"connectionRef": {"name": "kafka"}, "source": {"kafka": {"topics": ["t"]}},
                  "sink": {"files": {"path": "/out"}}}%s}
        """;

    assertThat(load(rendered.formatted(", \"runtime\": {\"secretsDir\": \"/pod\"}")).runtime())
        .isEqualTo(new WorkerConfig.Runtime("/pod", "/o"));
    assertThat(load(rendered.formatted("")).runtime())
        .isEqualTo(new WorkerConfig.Runtime("/s", "/o"));
  }
}
