package io.kafkaload.operator.validation;

import io.kafkaload.operator.api.KafkaLoad;
import io.kafkaload.operator.api.KafkaLoadSpec;
import io.kafkaload.operator.api.LoadMode;
import io.kafkaload.operator.api.OffsetStoreType;
import io.kafkaload.operator.api.TriggerType;
import io.kafkaload.operator.api.WorkerPodSpec;
import io.kafkaload.operator.render.LoadDefaults;
import io.kafkaload.operator.render.WorkloadNames;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

/**
 * The workload rules of a KafkaLoad spec: which fields go with which mode, the schedule, replicas
 * and the worker pod settings. Each problem names the field, what is wrong and the fix.
 */
final class LoadModeRules {

  private static final Set<String> CRON_MACROS =
      Set.of("@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly");

  private static final Set<String> PULL_POLICIES = Set.of("Always", "IfNotPresent", "Never");

  private LoadModeRules() {}

  static void check(KafkaLoad load, List<String> problems) {
    KafkaLoadSpec spec = load.getSpec();
    LoadMode mode = LoadDefaults.mode(spec);
    if (spec.getSchedule() != null) {
      if (mode != LoadMode.Batch) {
        problems.add("spec.schedule: only with mode Batch; remove schedule or set mode Batch");
      }
      checkSchedule(spec.getSchedule(), problems);
      String name = load.getMetadata().getName();
      if (name != null && name.length() > WorkloadNames.MAX_CRONJOB_NAME) {
        problems.add(
            "metadata.name: '%s' is %d characters; a scheduled load's name may have at most %d,"
                    .formatted(name, name.length(), WorkloadNames.MAX_CRONJOB_NAME)
                + " because its CronJob adds a suffix to each Job; use a shorter name");
      }
    }
    if (spec.getTimeZone() != null) {
      if (spec.getSchedule() == null) {
        problems.add("spec.timeZone: only with schedule; remove timeZone or set schedule");
      }
      try {
        ZoneId.of(spec.getTimeZone());
      } catch (DateTimeException e) {
        problems.add(
            "spec.timeZone: '%s' is not an IANA time zone; use e.g. Europe/Paris or UTC"
                .formatted(spec.getTimeZone()));
      }
    }
    if (spec.getRunRequest() != null && spec.getSchedule() != null) {
      problems.add(
          "spec.runRequest: re-runs a load without schedule; remove runRequest or schedule");
    }
    if (spec.getTrigger() != null) {
      if (mode != LoadMode.Streaming) {
        problems.add(
            "spec.trigger: only with mode Streaming; remove trigger or set mode Streaming");
      }
      Integer interval = spec.getTrigger().getIntervalSeconds();
      TriggerType type = spec.getTrigger().getType();
      if (interval != null && type != null && type != TriggerType.ProcessingTime) {
        problems.add(
            "spec.trigger.intervalSeconds: only with type ProcessingTime; remove it for type "
                + type);
      }
      if (interval != null && interval < 1) {
        problems.add(
            "spec.trigger.intervalSeconds: %d is below 1; use at least 1".formatted(interval));
      }
    }
    Integer replicas = spec.getReplicas();
    if (replicas != null && replicas < 1) {
      problems.add(
          "spec.replicas: %d is below 1; use at least 1 (suspend stops a load)"
              .formatted(replicas));
    }
    if (replicas != null
        && replicas > 1
        && LoadDefaults.offsetStore(spec) == OffsetStoreType.File) {
      problems.add(
          "spec.replicas: %d with offsets.store File; a File store allows one worker only: set"
                  .formatted(replicas)
              + " replicas 1, or use offsets.store Group or Topic");
    }
    nonNegative("spec.ttlSecondsAfterFinished", spec.getTtlSecondsAfterFinished(), problems);
    nonNegative("spec.successfulJobsHistoryLimit", spec.getSuccessfulJobsHistoryLimit(), problems);
    nonNegative("spec.failedJobsHistoryLimit", spec.getFailedJobsHistoryLimit(), problems);
    checkWorker(spec.getWorker(), problems);
  }

  private static void checkSchedule(String schedule, List<String> problems) {
    String trimmed = schedule.trim();
    if (trimmed.startsWith("@")) {
      if (!CRON_MACROS.contains(trimmed)) {
        problems.add(
            "spec.schedule: '%s' is not a known macro; use a 5-field cron expression or one of %s"
                .formatted(schedule, String.join(", ", CRON_MACROS.stream().sorted().toList())));
      }
      return;
    }
    if (trimmed.startsWith("TZ=") || trimmed.startsWith("CRON_TZ=")) {
      problems.add(
          "spec.schedule: '%s' sets a time zone inside the schedule; move it to spec.timeZone"
              .formatted(schedule));
      return;
    }
    if (trimmed.split("\\s+").length != 5) {
      problems.add(
          "spec.schedule: '%s' is not a 5-field cron expression (minute hour day month weekday);"
                  .formatted(schedule)
              + " use e.g. '0 * * * *'");
    }
  }

  private static void checkWorker(WorkerPodSpec worker, List<String> problems) {
    if (worker == null) {
      return;
    }
    if (worker.getImage() != null && worker.getImage().isBlank()) {
      problems.add("spec.worker.image: blank; remove it to use the operator's default image");
    }
    if (worker.getImagePullPolicy() != null
        && !PULL_POLICIES.contains(worker.getImagePullPolicy())) {
      problems.add(
          "spec.worker.imagePullPolicy: '%s' is not Always, IfNotPresent or Never"
              .formatted(worker.getImagePullPolicy()));
    }
  }

  private static void nonNegative(String field, Integer value, List<String> problems) {
    if (value != null && value < 0) {
      problems.add("%s: %d is below 0; use 0 or more".formatted(field, value));
    }
  }
}
