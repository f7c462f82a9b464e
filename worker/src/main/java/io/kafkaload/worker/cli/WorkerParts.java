package io.kafkaload.worker.cli;

import io.kafkaload.worker.config.ConfigException;
import io.kafkaload.worker.config.LoadSpec;
import io.kafkaload.worker.config.WorkerConfig;
import io.kafkaload.worker.decode.Decoder;
import io.kafkaload.worker.decode.JsonDecoder;
import io.kafkaload.worker.engine.LoadRunner;
import io.kafkaload.worker.offsets.OffsetStore;
import io.kafkaload.worker.offsets.OffsetStores;
import io.kafkaload.worker.sink.FilesSink;
import io.kafkaload.worker.sink.RecordSink;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;

/** The real stages of a run, chosen from the spec. */
public final class WorkerParts implements LoadRunner.Parts {

  @Override
  public Decoder decoder(WorkerConfig config) {
    LoadSpec.ValueFormat format = config.spec().source().kafka().formatOrDefault();
    if (format != LoadSpec.ValueFormat.Json) {
      throw new ConfigException(
          "spec.source.kafka.format " + format + " is not supported by this worker yet; use Json");
    }
    return new JsonDecoder();
  }

  @Override
  public RecordSink sink(WorkerConfig config) throws IOException {
    return FilesSink.open(config.spec().sink().files());
  }

  @Override
  public OffsetStore store(
      WorkerConfig config,
      Map<String, Object> clientProperties,
      Consumer<byte[], byte[]> consumer) {
    String dir = config.runtime() == null ? null : config.runtime().offsetsDir();
    return OffsetStores.create(
        config.spec(),
        config.load(),
        clientProperties,
        consumer,
        dir == null ? null : Path.of(dir));
  }
}
