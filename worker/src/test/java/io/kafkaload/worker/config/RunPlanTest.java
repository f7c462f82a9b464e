package io.kafkaload.worker.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The run's plan: what the environment, the command line and the config's runtime block give. */
class RunPlanTest {
  private static final Instant START = Instant.parse("2026-12-07T10:00:00Z");

  private static WorkerConfig config(WorkerConfig.Runtime runtime) {
    return SpecValidatorTest.base().set("runtime", runtime).unchecked();
  }

  @Test
  void withoutEnvironmentEverythingHasItsDefault() {
    RunPlan plan = RunPlan.fromEnvironment(Map.of(), null);

    assertThat(plan.secretsDir()).isEqualTo(Path.of("secrets").toAbsolutePath());
    assertThat(plan.offsetsDir()).isNull();
    assertThat(plan.scratchDir())
        .isEqualTo(Path.of(System.getProperty("java.io.tmpdir"), "kafkaload-scratch"));
    assertThat(plan.runId()).isNull();
    assertThat(plan.terminationLog()).isEqualTo(Path.of("/dev/termination-log"));
    assertThat(plan.inPod()).isFalse();
    assertThat(plan.dumbTerminal()).isFalse();
  }

  @Test
  void theEnvironmentNamesTheFoldersTheRunAndThePod() {
    RunPlan plan =
        RunPlan.fromEnvironment(
            Map.of(
                "KAFKALOAD_SECRETS_DIR", "/run/secrets",
                "KAFKALOAD_SCRATCH_DIR", "/scratch",
                "KAFKALOAD_RUN_ID", "orders-28917460",
                "KAFKALOAD_TERMINATION_LOG", "/tmp/termination",
                "KUBERNETES_SERVICE_HOST", "10.0.0.1",
                "TERM", "dumb"),
            Path.of("offsets"));

    assertThat(plan.secretsDir()).isEqualTo(Path.of("/run/secrets"));
    assertThat(plan.offsetsDir()).isEqualTo(Path.of("offsets").toAbsolutePath());
    assertThat(plan.scratchDir()).isEqualTo(Path.of("/scratch"));
    assertThat(plan.runId()).isEqualTo("orders-28917460");
    assertThat(plan.terminationLog()).isEqualTo(Path.of("/tmp/termination"));
    assertThat(plan.inPod()).isTrue();
    assertThat(plan.dumbTerminal()).isTrue();
  }

  @Test
  void blankVariablesCountAsUnset() {
    RunPlan plan =
        RunPlan.fromEnvironment(
            Map.of(
                "KAFKALOAD_SECRETS_DIR", " ", "KAFKALOAD_RUN_ID", "", "KAFKALOAD_SCRATCH_DIR", ""),
            null);

    assertThat(plan).isEqualTo(RunPlan.fromEnvironment(Map.of(), null));
  }

  @Test
  void theConfigsRuntimeBlockWinsOverTheEnvironment() {
    RunPlan startup =
        RunPlan.fromEnvironment(Map.of("KAFKALOAD_SECRETS_DIR", "/env/secrets"), Path.of("/local"));

    RunPlan plan =
        startup.forLoad(
            config(new WorkerConfig.Runtime("/var/run/secrets/kafkaload", "/var/lib/offsets")),
            START);

    assertThat(plan.secretsDir()).isEqualTo(Path.of("/var/run/secrets/kafkaload"));
    assertThat(plan.offsetsDir()).isEqualTo(Path.of("/var/lib/offsets"));
  }

  @Test
  void whatTheRuntimeBlockLeavesOutComesFromTheEnvironment() {
    RunPlan startup =
        RunPlan.fromEnvironment(Map.of("KAFKALOAD_SECRETS_DIR", "/env/secrets"), Path.of("/local"));

    RunPlan plan = startup.forLoad(config(null), START);

    assertThat(plan.secretsDir()).isEqualTo(Path.of("/env/secrets"));
    assertThat(plan.offsetsDir()).isEqualTo(Path.of("/local"));
    assertThat(startup.runtime()).isEqualTo(new WorkerConfig.Runtime("/env/secrets", "/local"));
  }

  @Test
  void theRunIdIsTheEnvironmentsElseTheLoadAndItsStart() {
    assertThat(RunPlan.fromEnvironment(Map.of(), null).forLoad(config(null), START).runId())
        .isEqualTo("ns/l@2026-12-07T10:00:00Z");
    assertThat(
            RunPlan.fromEnvironment(Map.of("KAFKALOAD_RUN_ID", "job-1"), null)
                .forLoad(config(null), START)
                .runId())
        .isEqualTo("job-1");
  }

  @Test
  void codeGivenTheConfigAloneReadsItsRuntimeBlock() {
    assertThat(RunPlan.secretsDir(config(new WorkerConfig.Runtime("/s", null))))
        .isEqualTo(Path.of("/s"));
    assertThat(RunPlan.secretsDir(config(null))).isEqualTo(Path.of("secrets"));
  }
}
