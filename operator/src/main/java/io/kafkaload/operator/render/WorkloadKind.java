package io.kafkaload.operator.render;

import io.kafkaload.operator.api.KafkaLoadSpec;
import io.kafkaload.operator.api.LoadMode;
import io.kafkaload.operator.api.TriggerType;

/** The Kubernetes workload a load runs as, from its mode, schedule and trigger. */
public enum WorkloadKind {
  /** Batch without schedule, or Streaming with trigger Once: one Job per spec. */
  Job,
  /** Batch with a schedule. */
  CronJob,
  /** Streaming (ProcessingTime or Continuous). */
  Deployment;

  /** The kind for {@code spec}. */
  public static WorkloadKind of(KafkaLoadSpec spec) {
    if (LoadDefaults.mode(spec) == LoadMode.Batch) {
      return spec.getSchedule() == null ? Job : CronJob;
    }
    boolean once = spec.getTrigger() != null && spec.getTrigger().getType() == TriggerType.Once;
    return once ? Job : Deployment;
  }
}
