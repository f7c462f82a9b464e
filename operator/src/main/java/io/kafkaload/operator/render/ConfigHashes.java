package io.kafkaload.operator.render;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Which edits start a new run, which restart streaming workers, and which update in place: the one
 * owner of the hashes that name Jobs and annotate pod templates (docs/operator-notes.md, "What
 * starts a new run").
 *
 * <ul>
 *   <li>{@link #run}: what is read and how it is written, i.e. the whole worker config except the
 *       {@link #IN_PLACE} fields and the connection's spec. It names a load's Jobs (Batch, trigger
 *       Once) and is the config hash of their pods: a change is a new run.
 *   <li>{@link #restart}: the same plus the connection's spec. It is the config hash of a
 *       Deployment's pods: a change rolls the streaming workers, which have no next run to wait
 *       for.
 * </ul>
 *
 * A field not listed here is part of both: a new field starts a new run until someone decides
 * otherwise, which is the safe default.
 */
public final class ConfigHashes {

  /**
   * Fields of the worker config applied to the workload in place: they never start a run nor roll a
   * pod by themselves. {@code suspend}, {@code replicas}: the Deployment's replicas, or no new Job;
   * {@code schedule}, {@code timeZone}, history limits: the CronJob; {@code
   * ttlSecondsAfterFinished}: the next Job; {@code offsets.retentionPolicy}: the offsets PVC's
   * owner reference; {@code worker} (image, resources, scheduling): the pod template itself, so a
   * Deployment rolls because its template changed and a Job's next run uses it.
   */
  static final List<String> IN_PLACE =
      List.of(
          "/spec/suspend",
          "/spec/replicas",
          "/spec/schedule",
          "/spec/timeZone",
          "/spec/ttlSecondsAfterFinished",
          "/spec/successfulJobsHistoryLimit",
          "/spec/failedJobsHistoryLimit",
          "/spec/offsets/retentionPolicy",
          "/spec/worker");

  /**
   * The KafkaConnection's spec: a run started keeps the connection it started with; the next run (a
   * new Job, a CronJob's next Job) uses the edited one. Editing a connection shared by many loads
   * must not re-run every finished load.
   */
  static final String CONNECTION = "/connection/spec";

  private ConfigHashes() {}

  /** Hash of what a run reads and writes: names Jobs; a change is a new run. */
  public static String run(ObjectNode document) {
    ObjectNode copy = withoutInPlace(document);
    remove(copy, CONNECTION);
    return WorkerConfigRenderer.hash(WorkerConfigRenderer.toJson(copy));
  }

  /** Hash of what a streaming worker needs a restart for: rolls Deployments' pods. */
  public static String restart(ObjectNode document) {
    return WorkerConfigRenderer.hash(WorkerConfigRenderer.toJson(withoutInPlace(document)));
  }

  private static ObjectNode withoutInPlace(ObjectNode document) {
    ObjectNode copy = document.deepCopy();
    IN_PLACE.forEach(path -> remove(copy, path));
    return copy;
  }

  private static void remove(ObjectNode document, String path) {
    JsonPointer pointer = JsonPointer.compile(path);
    JsonNode parent = document.at(pointer.head());
    if (parent instanceof ObjectNode object) {
      object.remove(pointer.last().getMatchingProperty());
    }
  }
}
