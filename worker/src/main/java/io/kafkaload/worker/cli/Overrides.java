package io.kafkaload.worker.cli;

import io.kafkaload.worker.config.ConnectionSpec;
import io.kafkaload.worker.config.LoadSpec;
import io.kafkaload.worker.config.WorkerConfig;

/**
 * Local overrides of a loaded config (brokers, output folder, flags of {@code kafkaload load}),
 * built with the config records' constructors so every other field is kept as loaded.
 */
final class Overrides {
  private Overrides() {}

  static WorkerConfig bootstrap(WorkerConfig c, String bootstrapServers) {
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      return c;
    }
    return new WorkerConfig(
        c.apiVersion(),
        c.kind(),
        c.load(),
        new WorkerConfig.Connection(
            c.connection().name(),
            new ConnectionSpec(
                bootstrapServers,
                c.connection().spec().security(),
                c.connection().spec().schemaRegistry(),
                c.connection().spec().options())),
        c.spec(),
        c.runtime());
  }

  /**
   * {@code c} writing its files into {@code path} (null: as loaded), every other field of the files
   * sink kept; a load that writes no files cannot take it.
   */
  static WorkerConfig filesPath(WorkerConfig c, String path) {
    if (path == null) {
      return c;
    }
    LoadSpec s = c.spec();
    LoadSpec.FilesSink f = s.sink().files();
    if (f == null) {
      throw new io.kafkaload.worker.config.ConfigException(
          "--files-path "
              + path
              + ": the load "
              + c.load().qualified()
              + " writes no files (its sink is a table); leave --files-path out");
    }
    LoadSpec.FilesSink moved =
        new LoadSpec.FilesSink(
            path,
            f.format(),
            f.compression(),
            f.partitionBy(),
            f.coalesce(),
            f.writeMode(),
            f.claimName());
    return spec(c, s.withSink(new LoadSpec.Sink(moved, s.sink().flush())));
  }

  static WorkerConfig spec(WorkerConfig c, LoadSpec spec) {
    return new WorkerConfig(c.apiVersion(), c.kind(), c.load(), c.connection(), spec, c.runtime());
  }

  /** A copy of {@code s} with another mode, trigger, source and sink. */
  static LoadSpec spec(
      LoadSpec s,
      LoadSpec.Mode mode,
      LoadSpec.Trigger trigger,
      LoadSpec.Source source,
      LoadSpec.Sink sink) {
    return new LoadSpec(
        s.connectionRef(),
        mode,
        s.suspend(),
        s.schedule(),
        s.timeZone(),
        s.runRequest(),
        s.replicas(),
        trigger,
        s.ttlSecondsAfterFinished(),
        s.successfulJobsHistoryLimit(),
        s.failedJobsHistoryLimit(),
        source,
        s.schema(),
        s.transform(),
        sink,
        s.rejected(),
        s.offsets(),
        s.worker(),
        s.limits());
  }
}
