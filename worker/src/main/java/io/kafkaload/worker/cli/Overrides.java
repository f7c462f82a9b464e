package io.kafkaload.worker.cli;

import io.kafkaload.worker.config.ConnectionSpec;
import io.kafkaload.worker.config.LoadSpec;
import io.kafkaload.worker.config.WorkerConfig;

/** Local overrides of a loaded config (brokers, output folder), for the demo and laptops. */
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
    LoadSpec spec = s.withSink(sink);
    return new WorkerConfig(c.apiVersion(), c.kind(), c.load(), c.connection(), spec, c.runtime());
  }
}
