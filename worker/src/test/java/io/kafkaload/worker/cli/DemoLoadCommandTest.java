package io.kafkaload.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command the demo prints at its end must run as printed, from where the demo ran. */
class DemoLoadCommandTest {
  @TempDir Path clone;

  private Path jarInClone() throws Exception {
    Files.createDirectories(clone.resolve("examples"));
    Files.writeString(clone.resolve("examples/kafkaload-batch-parquet.yaml"), "x");
    Path jar = Files.createDirectories(clone.resolve("worker/target")).resolve("kafkaload.jar");
    return Files.writeString(jar, "jar");
  }

  @Test
  void fromTheCloneRootThePathsAreTheReadmes() throws Exception {
    assertThat(DemoCommand.runCommand(jarInClone(), clone))
        .isEqualTo(
            "java -jar worker/target/kafkaload.jar run -f examples/kafkaload-batch-parquet.yaml");
  }

  @Test
  void fromAnotherFolderThePathsAreAbsolute() throws Exception {
    Path jar = jarInClone();
    Path elsewhere = Files.createTempDirectory("demo-elsewhere");
    assertThat(DemoCommand.runCommand(jar, elsewhere))
        .isEqualTo(
            "java -jar "
                + jar
                + " run -f "
                + clone.resolve("examples/kafkaload-batch-parquet.yaml"));
  }
}
