package io.kafkaload.operator.render;

import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kafkaload.operator.api.KafkaLoad;
import io.kafkaload.operator.api.KafkaLoadSpec;
import java.util.Map;

/** The CronJob of a scheduled Batch load. */
public final class CronJobRenderer {

  private CronJobRenderer() {}

  /**
   * The CronJob: {@code concurrencyPolicy: Forbid} (two runs must never share offsets), suspended
   * with the load, history limits from the spec. Its Jobs carry the load's labels, so the operator
   * finds them and their pods; finished Jobs are pruned by the history limits, not by a TTL.
   */
  public static CronJob render(KafkaLoad load, String configHash, WorkerSettings settings) {
    KafkaLoadSpec spec = load.getSpec();
    CronJob cronJob =
        new CronJobBuilder()
            .withMetadata(Ownership.ownedMeta(load, WorkloadNames.cronJob(load)))
            .withNewSpec()
            .withSchedule(spec.getSchedule())
            .withTimeZone(spec.getTimeZone())
            .withConcurrencyPolicy("Forbid")
            .withSuspend(LoadDefaults.suspended(spec))
            .withSuccessfulJobsHistoryLimit(LoadDefaults.successfulJobsHistoryLimit(spec))
            .withFailedJobsHistoryLimit(LoadDefaults.failedJobsHistoryLimit(spec))
            .withNewJobTemplate()
            .withNewMetadata()
            .withLabels(Ownership.labels(load))
            .endMetadata()
            .withNewSpec()
            .withBackoffLimit(JobRenderer.BACKOFF_LIMIT)
            .withTemplate(PodTemplateRenderer.render(load, configHash, settings, "Never"))
            .endSpec()
            .endJobTemplate()
            .endSpec()
            .build();
    String specHash = WorkerConfigRenderer.hash(Serialization.asJson(cronJob.getSpec()));
    cronJob
        .getMetadata()
        .setAnnotations(Map.of(WorkloadNames.SPEC_HASH_ANNOTATION, specHash.substring(0, 16)));
    return cronJob;
  }
}
