package io.kafkaload.worker.offsets;

import io.kafkaload.worker.config.LoadSpec;
import io.kafkaload.worker.config.WorkerConfig;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;

/** Builds the offset store a load's spec asks for. */
public final class OffsetStores {

  private OffsetStores() {}

  /**
   * The store of {@code spec.offsetStoreOrDefault()}: {@code Topic} and {@code File} mirrored to
   * the load's consumer group, {@code Group} as is (it is the group).
   *
   * @param clientProperties connection properties (bootstrap servers, security) for the clients the
   *     Topic store opens
   * @param consumer the pipeline's consumer; its {@code group.id} must be {@code
   *     spec.groupIdOrDefault(load)}, and only the pipeline's thread may use the store
   * @param offsetsDir folder of the File store (unused by the others)
   */
  public static OffsetStore create(
      LoadSpec spec,
      WorkerConfig.LoadRef load,
      Map<String, Object> clientProperties,
      Consumer<byte[], byte[]> consumer,
      Path offsetsDir) {
    String groupId = spec.groupIdOrDefault(load);
    if (spec.source() != null && spec.source().files() != null) {
      // a files source has no consumer group to mirror its positions to
      return switch (spec.offsetStoreOrDefault()) {
        case Topic -> new TopicOffsetStore(spec.offsetsTopicOrDefault(), load, clientProperties);
        case File -> new FileOffsetStore(requireFolder(offsetsDir), load);
        case Group, Sink ->
            throw new IllegalArgumentException(
                "offsets.store " + spec.offsetStoreOrDefault() + " is not built here");
      };
    }
    return switch (spec.offsetStoreOrDefault()) {
      case Topic ->
          new MirroringOffsetStore(
              new TopicOffsetStore(spec.offsetsTopicOrDefault(), load, clientProperties),
              consumer,
              groupId);
      case File ->
          new MirroringOffsetStore(
              new FileOffsetStore(requireFolder(offsetsDir), load), consumer, groupId);
      case Group -> new GroupOffsetStore(consumer, groupId);
      case Sink ->
          throw new IllegalArgumentException(
              "offsets.store Sink keeps the positions in the table sink: the sink's parts build"
                  + " it (see WorkerParts)");
    };
  }

  private static Path requireFolder(Path offsetsDir) {
    if (offsetsDir == null) {
      throw new IllegalArgumentException(
          "offsets.store File needs a folder: runtime.offsetsDir in the worker config, or"
              + " --offsets-dir");
    }
    return offsetsDir;
  }
}
