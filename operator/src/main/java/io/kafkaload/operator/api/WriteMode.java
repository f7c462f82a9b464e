package io.kafkaload.operator.api;

/** Starlake's write modes of a files sink (docs/worker-config.md, "Write modes and coalesce"). */
public enum WriteMode {
  /** Each run adds its files. */
  Append,
  /** Batch: the run's files replace every data file under the path. */
  Overwrite,
  /** Batch: the run writes nothing when the path already holds data. */
  Ignore,
  /** Batch: the run fails when the path already holds data. */
  ErrorIfExists
}
