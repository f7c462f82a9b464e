package io.kafkaload.worker.security;

import io.kafkaload.worker.config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one place the worker reads credentials: Secret keys mounted as files at {@code
 * <secretsDir>/<secret-name>/<key>}, {@code secretsDir} being {@code runtime.secretsDir} of a
 * rendered worker config (in a pod, where the operator mounts them) or {@code
 * $KAFKALOAD_SECRETS_DIR} for a KafkaLoad YAML run locally. Never the environment, arguments or the
 * config document. Values are never logged; errors name the secret, the key and the path, not the
 * value.
 */
public final class SecretFiles {
  private final Path root;

  public SecretFiles(Path root) {
    this.root = root;
  }

  /** The value of {@code key} in Secret {@code name}, trailing newlines removed. */
  public String read(String name, String key) {
    if (name == null || name.isBlank() || name.contains("/") || name.contains("..")) {
      throw new ConfigException("secret reference '" + name + "' is not a Secret name");
    }
    if (key.contains("/") || key.contains("..")) {
      throw new ConfigException("secret key '" + key + "' of " + name + " is not a key name");
    }
    Path file = root.resolve(name).resolve(key);
    try {
      String value = Files.readString(file, StandardCharsets.UTF_8);
      return value.replaceAll("[\\r\\n]+$", "");
    } catch (IOException e) {
      throw new ConfigException(
          "Secret "
              + name
              + " key "
              + key
              + " is not readable at "
              + file
              + "; the folder "
              + root
              + " is runtime.secretsDir of a rendered worker config (in a pod the operator mounts"
              + " each referenced Secret there: check the Secret has key "
              + key
              + "), or KAFKALOAD_SECRETS_DIR (default ./secrets) when running a KafkaLoad YAML:"
              + " put the value in that file",
          e);
    }
  }
}
