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

  static WorkerConfig filesPath(WorkerConfig c, String path) {
    LoadSpec s = c.spec();
    LoadSpec.FilesSink f = s.sink().files();
    LoadSpec.Sink sink =
        new LoadSpec.Sink(
            new LoadSpec.FilesSink(path, f.format(), f.claimName()), s.sink().flush());
    return spec(c, s.withSink(sink));
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
