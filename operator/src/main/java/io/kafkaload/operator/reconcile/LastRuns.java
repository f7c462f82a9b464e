package io.kafkaload.operator.reconcile;

import io.kafkaload.operator.api.KafkaLoadStatus;
import io.kafkaload.operator.api.WorkloadRef;

/**
 * Whether {@code status.lastRun} belongs to the load's current workload. A run is read from the
 * Jobs of the workload named in {@code status.workloadRef}; when the kind changes (a schedule added
 * to a one-shot load, or removed), the earlier run describes a workload that no longer exists and
 * its result (a failure, say) must not become the new workload's Ready condition.
 */
final class LastRuns {

  private LastRuns() {}

  /** Whether the last run was read from a workload of {@code kind} ("Job" or "CronJob"). */
  static boolean describe(KafkaLoadStatus status, String kind) {
    WorkloadRef ref = status.getWorkloadRef();
    return ref != null && kind.equals(ref.getKind());
  }
}
