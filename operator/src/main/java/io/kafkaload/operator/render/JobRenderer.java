package io.kafkaload.operator.render;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.kafkaload.operator.api.KafkaLoad;

/** The Job of a Batch load: one run per spec, never updated in place. */
public final class JobRenderer {

  /**
   * Retries of a failed pod. Small: a run that fails twice is reported as RunFailed and waits for a
   * spec change instead of hammering Kafka or the sink.
   */
  public static final int BACKOFF_LIMIT = 1;

  private JobRenderer() {}

  /** The Job for the config with hash {@code configHash}. */
  public static Job render(KafkaLoad load, String configHash, WorkerSettings settings) {
    return new JobBuilder()
        .withMetadata(Ownership.ownedMeta(load, WorkloadNames.job(load, configHash)))
        .withNewSpec()
        .withBackoffLimit(BACKOFF_LIMIT)
        // Keeps finished Jobs from piling up; the run stays summarised in status.lastRun.
        .withTtlSecondsAfterFinished(LoadDefaults.ttlSecondsAfterFinished(load.getSpec()))
        .withTemplate(PodTemplateRenderer.render(load, configHash, settings, "Never"))
        .endSpec()
        .build();
  }
}
