package io.kafkaload.operator.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.kafkaload.operator.api.FlushSpec;
import io.kafkaload.operator.api.KafkaConnection;
import io.kafkaload.operator.api.KafkaLoad;
import io.kafkaload.operator.api.OffsetStoreType;
import io.kafkaload.operator.api.OffsetsSpec;
import io.kafkaload.operator.api.RejectedSpec;
import io.kafkaload.operator.api.RetentionPolicy;
import io.kafkaload.operator.api.TransformSpec;
import io.kafkaload.operator.api.WorkerPodSpec;
import io.kafkaload.operator.testing.Examples;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The three classes of edits (docs/operator-notes.md, "What starts a new run"): each edit, made to
 * a Batch and a Streaming example, changes the run hash (new Job), the restart hash (rolled
 * streaming pods), both, or neither (applied in place).
 */
class ConfigHashesTest {

  private static final String NEW_RUN = "new run";
  private static final String NEXT_RUN = "next run (streaming restart)";
  private static final String IN_PLACE = "in place";

  static Stream<Arguments> edits() {
    return Stream.of(
        // Applied in place: never a new run, never a restart by the hash.
        edit(IN_PLACE, "suspend", (l, c) -> l.getSpec().setSuspend(true)),
        edit(IN_PLACE, "replicas", (l, c) -> l.getSpec().setReplicas(4)),
        edit(IN_PLACE, "schedule", (l, c) -> l.getSpec().setSchedule("0 3 * * *")),
        edit(IN_PLACE, "timeZone", (l, c) -> l.getSpec().setTimeZone("Europe/Paris")),
        edit(IN_PLACE, "ttl", (l, c) -> l.getSpec().setTtlSecondsAfterFinished(60)),
        edit(IN_PLACE, "history", (l, c) -> l.getSpec().setSuccessfulJobsHistoryLimit(9)),
        edit(IN_PLACE, "failed history", (l, c) -> l.getSpec().setFailedJobsHistoryLimit(9)),
        edit(
            IN_PLACE,
            "retentionPolicy",
            (l, c) -> offsets(l).setRetentionPolicy(RetentionPolicy.Delete)),
        edit(
            IN_PLACE,
            "resources",
            (l, c) ->
                worker(l)
                    .setResources(
                        new ResourceRequirementsBuilder()
                            .addToRequests("cpu", new Quantity("3"))
                            .build())),
        edit(IN_PLACE, "image", (l, c) -> worker(l).setImage("registry/worker:2")),
        edit(IN_PLACE, "nodeSelector", (l, c) -> worker(l).setNodeSelector(Map.of("a", "b"))),
        edit(
            IN_PLACE,
            "tolerations",
            (l, c) ->
                worker(l)
                    .setTolerations(
                        List.of(
                            new TolerationBuilder().withKey("k").withOperator("Exists").build()))),
        // The connection: a running run keeps it, the next run (or a restart) uses it.
        edit(
            NEXT_RUN,
            "connection option",
            (l, c) -> c.getSpec().setOptions(Map.of("request.timeout.ms", "60000"))),
        edit(NEXT_RUN, "bootstrap", (l, c) -> c.getSpec().setBootstrapServers("other:9092")),
        // What is read and how it is written: a new run.
        edit(
            NEW_RUN,
            "topics",
            (l, c) -> l.getSpec().getSource().getKafka().setTopics(List.of("t"))),
        edit(NEW_RUN, "sink path", (l, c) -> l.getSpec().getSink().getFiles().setPath("/data/x")),
        edit(NEW_RUN, "flush", (l, c) -> flush(l).setMaxRecords(7L)),
        edit(NEW_RUN, "runRequest", (l, c) -> l.getSpec().setRunRequest("again")),
        edit(NEW_RUN, "transform", (l, c) -> transform(l)),
        edit(NEW_RUN, "rejected", (l, c) -> rejected(l)),
        edit(NEW_RUN, "offsets store", (l, c) -> offsets(l).setStore(OffsetStoreType.Topic)),
        edit(NEW_RUN, "offsets topic", (l, c) -> offsets(l).setTopic("other_offsets")),
        edit(NEW_RUN, "connectionRef", (l, c) -> l.getSpec().getConnectionRef().setName("other")));
  }

  @ParameterizedTest(name = "{1}: {0}")
  @MethodSource("edits")
  void eachEditChangesTheHashesOfItsClass(
      String expected, String field, BiConsumer<KafkaLoad, KafkaConnection> edit) {
    for (String example :
        List.of("kafkaload-batch-file-offsets.yaml", "kafkaload-streaming-replicas.yaml")) {
      KafkaLoad load = Examples.load(path(example));
      KafkaConnection connection = Examples.connection(path(example));
      var before = WorkerConfigRenderer.render(load, connection, "default");
      edit.accept(load, connection);
      var after = WorkerConfigRenderer.render(load, connection, "default");

      assertThat(after).as("the edit of %s reaches the worker config", field).isNotEqualTo(before);
      String actual;
      if (!ConfigHashes.run(before).equals(ConfigHashes.run(after))) {
        assertThat(ConfigHashes.restart(after))
            .as("a new run restarts streaming workers too")
            .isNotEqualTo(ConfigHashes.restart(before));
        actual = NEW_RUN;
      } else if (!ConfigHashes.restart(before).equals(ConfigHashes.restart(after))) {
        actual = NEXT_RUN;
      } else {
        actual = IN_PLACE;
      }
      assertThat(actual).as("%s in %s", field, example).isEqualTo(expected);
    }
  }

  private static Arguments edit(
      String expected, String field, BiConsumer<KafkaLoad, KafkaConnection> edit) {
    return Arguments.of(expected, field, edit);
  }

  private static Path path(String example) {
    return Path.of(Examples.repoRoot().toString(), "examples", example);
  }

  private static OffsetsSpec offsets(KafkaLoad load) {
    if (load.getSpec().getOffsets() == null) {
      load.getSpec().setOffsets(new OffsetsSpec());
    }
    return load.getSpec().getOffsets();
  }

  private static WorkerPodSpec worker(KafkaLoad load) {
    if (load.getSpec().getWorker() == null) {
      load.getSpec().setWorker(new WorkerPodSpec());
    }
    return load.getSpec().getWorker();
  }

  private static FlushSpec flush(KafkaLoad load) {
    if (load.getSpec().getSink().getFlush() == null) {
      load.getSpec().getSink().setFlush(new FlushSpec());
    }
    return load.getSpec().getSink().getFlush();
  }

  private static void transform(KafkaLoad load) {
    TransformSpec transform = new TransformSpec();
    transform.setSql("SELECT * FROM message WHERE 1 = 1");
    load.getSpec().setTransform(transform);
  }

  private static void rejected(KafkaLoad load) {
    RejectedSpec rejected = new RejectedSpec();
    rejected.setMaxRejected(3L);
    load.getSpec().setRejected(rejected);
  }
}
