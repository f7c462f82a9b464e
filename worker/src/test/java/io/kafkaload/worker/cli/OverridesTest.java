package io.kafkaload.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkaload.worker.config.ConfigException;
import io.kafkaload.worker.config.ConfigLoader;
import io.kafkaload.worker.config.LoadSpec;
import io.kafkaload.worker.config.WorkerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --files-path} moves a files sink and keeps the rest of it; a table sink refuses it. */
class OverridesTest {
  @TempDir Path dir;

  private WorkerConfig load(String sink) throws Exception {
    Path file = dir.resolve("load.yaml");
    Files.writeString(
        file,
        """
        apiVersion: kafkaload.io/v1alpha1
        kind: KafkaConnection
        metadata:
          name: kafka
        spec:
          bootstrapServers: kafka:9092
        ---
        apiVersion: kafkaload.io/v1alpha1
        kind: KafkaLoad
        metadata:
          name: orders
        spec:
          connectionRef:
            name: kafka
          source:
            kafka:
              topics: [orders]
          sink:
        %s"""
            .formatted(sink));
    return ConfigLoader.load(
        file, null, new WorkerConfig.Runtime(dir.toString(), dir.resolve("offsets").toString()));
  }

  @Test
  void aFilesSinkMovesWithEveryOtherFieldKept() throws Exception {
    WorkerConfig loaded =
        load(
            """
                files:
                  path: /var/lib/kafkaload/data/orders
                  format: Csv
                  compression: Gzip
                  partitionBy: [region]
                  writeMode: Append
                  claimName: orders-data
            """);

    LoadSpec.FilesSink moved = Overrides.filesPath(loaded, "/tmp/local").spec().sink().files();

    LoadSpec.FilesSink before = loaded.spec().sink().files();
    assertThat(moved.path()).isEqualTo("/tmp/local");
    assertThat(moved.format()).isEqualTo(LoadSpec.FileFormat.Csv);
    assertThat(moved.compression()).isEqualTo(before.compression()).isNotNull();
    assertThat(moved.partitionBy()).isEqualTo(List.of("region"));
    assertThat(moved.writeMode()).isEqualTo(before.writeMode()).isNotNull();
    assertThat(moved.claimName()).isEqualTo("orders-data");
    assertThat(Overrides.filesPath(loaded, null)).isSameAs(loaded);
  }

  @Test
  void aTableSinkRefusesFilesPath() throws Exception {
    WorkerConfig loaded =
        load(
            """
                jdbc:
                  secretRef:
                    name: pg
                  table: public.orders
              rejected:
                topic: orders-rejected
            """);

    assertThatThrownBy(() -> Overrides.filesPath(loaded, "/tmp/local"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "--files-path /tmp/local: the load default/orders writes no files (its sink is a"
                + " table); leave --files-path out");
  }
}
