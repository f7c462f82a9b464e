package io.kafkaload.worker.config;

/**
 * A change of a config document before it is bound to {@link WorkerConfig}: command-line flags and
 * local overrides are edits of the document's fields by their path ({@code spec.sink.files.path}),
 * so every field an edit does not name is kept as loaded (a new field of the spec needs no change
 * here), and the edited document is bound and checked by {@link SpecValidator} like a loaded file
 * ({@link ConfigLoader#edit}).
 */
@FunctionalInterface
public interface ConfigEdit {
  /** Changes nothing. */
  ConfigEdit NONE = doc -> {};

  /**
   * Changes {@code doc}; a value that cannot be used throws a {@link ConfigException} naming the
   * flag and the fix.
   */
  void apply(ConfigDocument doc);

  /** This edit, then {@code next}. */
  default ConfigEdit andThen(ConfigEdit next) {
    return doc -> {
      apply(doc);
      next.apply(doc);
    };
  }
}
