package io.kafkaload.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kafkaload.worker.config.ConfigException;
import io.kafkaload.worker.config.ConfigLoader;
import io.kafkaload.worker.config.ConnectionSpec;
import io.kafkaload.worker.config.LoadSpec;
import io.kafkaload.worker.config.TestLoads;
import io.kafkaload.worker.config.WorkerConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --files-path} and {@code --bootstrap-servers} are edits of the loaded document: they move
 * a files sink or the brokers and keep every other field, and the result is checked like the file.
 */
class OverridesTest {
  @TempDir Path dir;

  /** The load default/orders of topic orders, no sink yet. */
  private static TestLoads orders() {
    return TestLoads.load("orders").namespace("default").name("orders");
  }

  /** {@code load} as a user's file, loaded. */
  private WorkerConfig load(TestLoads load) throws Exception {
    Path file = load.writeYaml(dir.resolve("load.yaml"));
    return ConfigLoader.load(
        file, null, new WorkerConfig.Runtime(dir.toString(), dir.resolve("offsets").toString()));
  }

  @Test
  void aFilesSinkMovesWithEveryOtherFieldKept() throws Exception {
    WorkerConfig loaded =
        load(
            orders()
                .yaml(
                    "spec.sink.files",
                    """
                    path: /var/lib/kafkaload/data/orders
                    format: Csv
                    compression: Gzip
                    partitionBy: [region]
                    writeMode: Append
                    claimName: orders-data
                    """));

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
            TestLoads.jdbc("orders", "public.orders")
                .namespace("default")
                .name("orders")
                .rejectedTopic("orders-rejected"));

    assertThatThrownBy(() -> Overrides.filesPath(loaded, "/tmp/local"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "--files-path /tmp/local: the load default/orders writes no files (its sink is a"
                + " table); leave --files-path out");
  }

  @Test
  void anOverrideThatBreaksARuleIsRefusedNamingTheField() throws Exception {
    WorkerConfig loaded =
        load(
            orders()
                .set("spec.sink.files.path", "/var/lib/kafkaload/data/orders")
                .format(LoadSpec.FileFormat.Csv));

    assertThatThrownBy(() -> Overrides.filesPath(loaded, "/tmp/orders.parquet"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("KafkaLoad default/orders: ")
        .hasMessageContaining(
            "spec.sink.files.path /tmp/orders.parquet names a .parquet file but format is Csv;"
                + " name the file after the format, or set format Parquet");
  }

  @Test
  void theFileIsCheckedAfterItsOverrides() throws Exception {
    // alone, the file names one file without coalesce: 1; moved into a folder, it can run
    Path file =
        orders()
            .set("spec.sink.files.path", "/data/orders.parquet")
            .writeYaml(dir.resolve("load.yaml"));
    WorkerConfig.Runtime runtime = new WorkerConfig.Runtime(dir.toString(), dir.toString());
    assertThatThrownBy(() -> ConfigLoader.load(file, null, runtime))
        .hasMessageContaining("spec.sink.files.path /data/orders.parquet names a file");

    WorkerConfig moved = ConfigLoader.load(file, null, runtime, Overrides.filesPath("/tmp/orders"));

    assertThat(moved.spec().sink().files().path()).isEqualTo("/tmp/orders");
  }

  @Test
  void everyFieldTheOverridesDoNotNameIsKept() throws Exception {
    WorkerConfig loaded =
        load(
            orders()
                .set("spec.sink.files.path", "/data/orders")
                .yaml("spec.sink.flush", "{maxRecords: 10, maxBytes: 2048, intervalSeconds: 5}")
                .streaming()
                .yaml("spec.trigger", "{type: ProcessingTime, intervalSeconds: 7}")
                .set("spec.schedule", "0 * * * *")
                .yaml("spec.worker", "{image: \"kafkaload:dev\", nodeSelector: {disk: ssd}}")
                .set("spec.limits.sqlTimeoutSeconds", 30)
                .schema("{unknownFields: Keep, fields: [{name: id, type: long, required: true}]}")
                .sql("SELECT * FROM message")
                .set("spec.rejected.maxRejected", 3)
                .yaml("spec.offsets", "{store: File, file: {claimName: offsets}}"));

    WorkerConfig moved =
        ConfigLoader.edit(
            loaded, Overrides.filesPath("/tmp/orders").andThen(Overrides.bootstrap("local:9092")));

    ObjectNode expected = ConfigLoader.json().valueToTree(loaded);
    ((ObjectNode) expected.at("/spec/sink/files")).put("path", "/tmp/orders");
    ((ObjectNode) expected.at("/connection/spec")).put("bootstrapServers", "local:9092");
    assertThat((Object) ConfigLoader.json().valueToTree(moved)).isEqualTo(expected);
    assertThat(moved.spec().limits().sqlTimeoutSeconds()).isEqualTo(30);
  }

  @Test
  void aBlankBootstrapOverrideChangesNothing() throws Exception {
    WorkerConfig loaded = load(orders().set("spec.sink.files.path", "/data/orders"));

    assertThat(ConfigLoader.edit(loaded, Overrides.bootstrap(" "))).isEqualTo(loaded);
    assertThat(ConfigLoader.edit(loaded, Overrides.bootstrap("other:9092")).connection().spec())
        .isEqualTo(new ConnectionSpec("other:9092"));
  }

  @Test
  void theCommandLineRefusesAnOverrideThatBreaksARuleNamingTheField() throws Exception {
    Path file =
        orders()
            .set("spec.sink.files.path", "/data/orders")
            .format(LoadSpec.FileFormat.Csv)
            .writeYaml(dir.resolve("load.yaml"));
    StringWriter err = new StringWriter();

    int status =
        KafkaloadCommand.commandLine()
            .setErr(new PrintWriter(err))
            .execute(
                "run",
                "-f",
                file.toString(),
                "--files-path",
                dir.resolve("orders.parquet").toString(),
                "--metrics-port",
                "0");

    assertThat(status).isEqualTo(KafkaloadCommand.EXIT_USAGE);
    assertThat(err.toString())
        .contains("KafkaLoad default/orders: spec.sink.files.path " + dir.resolve("orders.parquet"))
        .contains("names a .parquet file but format is Csv");
  }
}
