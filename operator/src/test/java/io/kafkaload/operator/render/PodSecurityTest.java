package io.kafkaload.operator.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.kafkaload.operator.api.KafkaLoad;
import io.kafkaload.operator.api.LoadMode;
import io.kafkaload.operator.testing.Examples;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pod Security {@code restricted}, a read-only root filesystem and no service-account token, on
 * every pod template the operator renders: Job and Deployment, for every example and mode.
 */
class PodSecurityTest {

  static Stream<Arguments> podTemplates() {
    List<Arguments> templates = new ArrayList<>();
    for (var file : Examples.files()) {
      for (LoadMode mode : LoadMode.values()) {
        for (boolean suspended : new boolean[] {false, true}) {
          KafkaLoad load = Examples.load(file);
          load.getMetadata().setNamespace("default");
          load.getSpec().setMode(mode);
          load.getSpec().setSuspend(suspended);
          String label = Examples.baseName(file) + " " + mode + (suspended ? " suspended" : "");
          var settings = WorkerSettings.defaults().withSecrets(List.of("kafka-credentials"));
          templates.add(
              Arguments.of(
                  label + " Job",
                  JobRenderer.render(load, "0123456789abcdef", settings).getSpec().getTemplate()));
          templates.add(
              Arguments.of(
                  label + " CronJob",
                  CronJobRenderer.render(load, "0123456789abcdef", settings)
                      .getSpec()
                      .getJobTemplate()
                      .getSpec()
                      .getTemplate()));
          templates.add(
              Arguments.of(
                  label + " Deployment",
                  DeploymentRenderer.render(load, "0123456789abcdef", settings)
                      .getSpec()
                      .getTemplate()));
        }
      }
    }
    return templates.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("podTemplates")
  void meetsRestricted(String name, PodTemplateSpec template) {
    PodSpec pod = template.getSpec();
    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    assertThat(pod.getHostNetwork()).isNotEqualTo(Boolean.TRUE);
    assertThat(pod.getHostPID()).isNotEqualTo(Boolean.TRUE);
    assertThat(pod.getHostIPC()).isNotEqualTo(Boolean.TRUE);
    var podContext = pod.getSecurityContext();
    assertThat(podContext.getRunAsNonRoot()).isTrue();
    assertThat(podContext.getRunAsUser()).isNotNull().isPositive();
    assertThat(podContext.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(pod.getVolumes())
        .allSatisfy(v -> assertThat(v.getHostPath()).as("hostPath volume").isNull());
    assertThat(pod.getContainers()).isNotEmpty();
    for (Container container : pod.getContainers()) {
      var context = container.getSecurityContext();
      assertThat(context.getAllowPrivilegeEscalation()).isFalse();
      assertThat(context.getPrivileged()).isNotEqualTo(Boolean.TRUE);
      assertThat(context.getCapabilities().getDrop()).containsExactly("ALL");
      assertThat(context.getCapabilities().getAdd()).isNullOrEmpty();
      assertThat(context.getReadOnlyRootFilesystem()).isTrue();
      assertThat(context.getRunAsNonRoot()).isTrue();
      assertThat(context.getRunAsUser()).isNotNull().isPositive();
      assertThat(context.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
      // Secrets only as read-only files; nothing from a Secret in the environment.
      // The only env from elsewhere is a pod label (a Job's run id, from the downward API).
      assertThat(container.getEnv())
          .allSatisfy(
              e -> {
                if (e.getValueFrom() != null) {
                  assertThat(e.getValueFrom().getSecretKeyRef()).isNull();
                  assertThat(e.getValueFrom().getConfigMapKeyRef()).isNull();
                  assertThat(e.getValueFrom().getResourceFieldRef()).isNull();
                  assertThat(e.getValueFrom().getFieldRef().getFieldPath())
                      .startsWith("metadata.labels[");
                }
              });
      assertThat(container.getEnvFrom()).isNullOrEmpty();
      assertThat(pod.getVolumes())
          .filteredOn(v -> v.getSecret() != null)
          .allSatisfy(
              v ->
                  assertThat(container.getVolumeMounts())
                      .filteredOn(m -> m.getName().equals(v.getName()))
                      .allSatisfy(m -> assertThat(m.getReadOnly()).isTrue()));
      assertThat(container.getPorts()).allSatisfy(p -> assertThat(p.getHostPort()).isNull());
      assertThat(container.getTerminationMessagePath()).isEqualTo("/dev/termination-log");
      assertThat(container.getArgs())
          .containsExactly("run", "-f", "/etc/kafkaload/worker-config.json");
      // A read-only root needs a writable /tmp.
      var tmp =
          container.getVolumeMounts().stream()
              .filter(m -> "/tmp".equals(m.getMountPath()))
              .findFirst()
              .orElseThrow();
      assertThat(pod.getVolumes())
          .anySatisfy(
              v -> {
                assertThat(v.getName()).isEqualTo(tmp.getName());
                assertThat(v.getEmptyDir()).isNotNull();
              });
      // A table sink's scratch folder is a writable mount of its own.
      container.getEnv().stream()
          .filter(e -> "KAFKALOAD_SCRATCH_DIR".equals(e.getName()))
          .forEach(
              e ->
                  assertThat(container.getVolumeMounts())
                      .anySatisfy(
                          m -> {
                            assertThat(m.getMountPath()).isEqualTo(e.getValue());
                            assertThat(m.getReadOnly()).isFalse();
                          }));
    }
  }
}
