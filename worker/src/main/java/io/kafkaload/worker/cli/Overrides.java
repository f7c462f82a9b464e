package io.kafkaload.worker.cli;

import io.kafkaload.worker.config.ConfigEdit;
import io.kafkaload.worker.config.ConfigException;
import io.kafkaload.worker.config.ConfigLoader;
import io.kafkaload.worker.config.WorkerConfig;

/**
 * Local overrides of a loaded config ({@code --bootstrap-servers}, {@code --files-path}): edits of
 * its document, so every other field is kept as loaded and the result is checked like the file.
 */
final class Overrides {
  private Overrides() {}

  /**
   * Reads from {@code bootstrapServers} instead of the KafkaConnection's (null or blank: no edit).
   */
  static ConfigEdit bootstrap(String bootstrapServers) {
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      return ConfigEdit.NONE;
    }
    return doc -> doc.set("connection.spec.bootstrapServers", bootstrapServers);
  }

  /**
   * Writes the files into {@code path} (null: no edit), every other field of the files sink kept; a
   * load that writes no files cannot take it.
   */
  static ConfigEdit filesPath(String path) {
    if (path == null) {
      return ConfigEdit.NONE;
    }
    return doc -> {
      if (!doc.has("spec.sink.files")) {
        throw new ConfigException(
            "--files-path "
                + path
                + ": the load "
                + doc.text("load.namespace")
                + "/"
                + doc.text("load.name")
                + " writes no files (its sink is a table); leave --files-path out");
      }
      doc.set("spec.sink.files.path", path);
    };
  }

  /** {@code c} writing its files into {@code path}; {@code c} itself when {@code path} is null. */
  static WorkerConfig filesPath(WorkerConfig c, String path) {
    return path == null ? c : ConfigLoader.edit(c, filesPath(path));
  }
}
