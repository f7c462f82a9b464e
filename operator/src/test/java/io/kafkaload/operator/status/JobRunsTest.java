package io.kafkaload.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.kafkaload.operator.api.LastRun;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JobRunsTest {

  private static final String REPORT =
      "{\"result\":\"%s\",\"message\":\"%s\",\"startTime\":\"2026-11-25T13:00:00Z\","
          + "\"completionTime\":\"%s\",\"recordsRead\":%d,\"recordsWritten\":5,"
          + "\"recordsRejected\":1,\"files\":[\"/data/a.parquet\"]}";

  @ParameterizedTest(name = "{0}={1} -> {2}")
  @CsvSource({
    "Complete,True,SUCCEEDED",
    "Failed,True,FAILED",
    "Complete,False,RUNNING",
    "Suspended,True,RUNNING",
    "NONE,NONE,RUNNING",
  })
  void phaseFromTerminalConditions(String type, String status, JobRuns.Phase phase) {
    assertThat(JobRuns.phase(job(type, status))).isEqualTo(phase);
  }

  @Test
  void jobWithoutStatusIsRunning() {
    assertThat(
            JobRuns.phase(new JobBuilder().withNewMetadata().withName("j").endMetadata().build()))
        .isEqualTo(JobRuns.Phase.RUNNING);
  }

  @Test
  void lastRunComesFromTheNewestPodWithAReport() {
    Pod older = pod("2026-11-25T13:00:01Z", REPORT.formatted("Failed", "boom", "t1", 1));
    Pod newer = pod("2026-11-25T13:00:09Z", REPORT.formatted("Succeeded", "ok", "t2", 6));
    Pod crashed = pod("2026-11-25T13:00:10Z", "panic: not json");

    LastRun run = JobRuns.lastRun(job("Complete", "True"), List.of(older, crashed, newer));

    assertThat(run.getName()).isEqualTo("load-12345678");
    assertThat(run.getResult()).isEqualTo("Succeeded");
    assertThat(run.getMessage()).isEqualTo("ok");
    assertThat(run.getCompletionTime()).isEqualTo("t2");
    assertThat(run.getRecordsRead()).isEqualTo(6);
    assertThat(run.getRecordsWritten()).isEqualTo(5);
    assertThat(run.getRecordsRejected()).isEqualTo(1);
    assertThat(JobRuns.hasReport(run)).isTrue();
  }

  @Test
  void withoutAReportTheJobStatusSpeaks() {
    Job failed = job("Failed", "True");
    failed.getStatus().setStartTime("2026-11-25T13:00:00Z");

    LastRun run = JobRuns.lastRun(failed, List.of(pod("2026-11-25T13:00:10Z", "")));

    assertThat(run.getResult()).isEqualTo("Failed");
    assertThat(run.getMessage()).isEqualTo("BackoffLimitExceeded: Job has reached the limit");
    assertThat(run.getStartTime()).isEqualTo("2026-11-25T13:00:00Z");
    assertThat(run.getCompletionTime()).isEqualTo("2026-11-25T13:00:05Z");
    assertThat(JobRuns.hasReport(run)).isFalse();
  }

  @Test
  void aPodKilledForItsMemorySaysSoAndWhatToRaise() {
    Pod killed = pod("2026-11-25T13:00:10Z", null);
    killed
        .getStatus()
        .getContainerStatuses()
        .get(0)
        .getState()
        .getTerminated()
        .setReason("OOMKilled");

    LastRun run = JobRuns.lastRun(job("Failed", "True"), List.of(killed));

    assertThat(run.getResult()).isEqualTo("Failed");
    assertThat(run.getMessage())
        .isEqualTo(
            "the worker was killed for using more memory than its limit (OOMKilled), before it"
                + " could write a report; raise spec.worker.resources.limits.memory, or make the"
                + " load's SQL build smaller values (a huge string or list per row)");
  }

  @Test
  void succeededJobWithoutPodsPointsToTheLogs() {
    LastRun run = JobRuns.lastRun(job("Complete", "True"), List.of());
    assertThat(run.getResult()).isEqualTo("Succeeded");
    assertThat(run.getMessage()).contains("kubectl logs job/load-12345678");
  }

  private static Job job(String type, String status) {
    var builder = new JobBuilder().withNewMetadata().withName("load-12345678").endMetadata();
    if ("NONE".equals(type)) {
      return builder.withNewStatus().withActive(1).endStatus().build();
    }
    return builder
        .withNewStatus()
        .withConditions(
            new JobConditionBuilder()
                .withType(type)
                .withStatus(status)
                .withReason("Failed".equals(type) ? "BackoffLimitExceeded" : null)
                .withMessage("Failed".equals(type) ? "Job has reached the limit" : null)
                .withLastTransitionTime("2026-11-25T13:00:05Z")
                .build())
        .endStatus()
        .build();
  }

  private static Pod pod(String finishedAt, String message) {
    return new PodBuilder()
        .withNewMetadata()
        .withName("p-" + finishedAt)
        .endMetadata()
        .withNewStatus()
        .addNewContainerStatus()
        .withName("worker")
        .withNewState()
        .withNewTerminated()
        .withFinishedAt(finishedAt)
        .withMessage(message)
        .endTerminated()
        .endState()
        .endContainerStatus()
        .endStatus()
        .build();
  }
}
