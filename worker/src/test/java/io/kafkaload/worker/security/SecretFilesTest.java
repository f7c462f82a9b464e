package io.kafkaload.worker.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkaload.worker.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretFilesTest {

  @TempDir Path dir;

  @Test
  void readsAKeyWithoutItsTrailingNewline() throws IOException {
    Files.createDirectories(dir.resolve("pg"));
    Files.writeString(dir.resolve("pg").resolve("password"), "s3cret\n");

    assertThat(new SecretFiles(dir).read("pg", "password")).isEqualTo("s3cret");
  }

  /** The folder comes from runtime.secretsDir when the config is rendered, not only from env. */
  @Test
  void aMissingKeyNamesTheFolderAndWhereItComesFrom() {
    assertThatThrownBy(() -> new SecretFiles(dir).read("pg", "password"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("Secret pg key password is not readable at " + dir.resolve("pg"))
        .hasMessageContaining("the folder " + dir + " is runtime.secretsDir")
        .hasMessageContaining("KAFKALOAD_SECRETS_DIR (default ./secrets) when running a KafkaLoad")
        .hasMessageNotContaining("s3cret");
  }
}
