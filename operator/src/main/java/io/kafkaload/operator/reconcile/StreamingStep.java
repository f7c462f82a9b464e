package io.kafkaload.operator.reconcile;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.kafkaload.operator.api.KafkaLoad;
import io.kafkaload.operator.api.KafkaLoadStatus;
import io.kafkaload.operator.api.WorkloadRef;
import io.kafkaload.operator.render.DeploymentRenderer;
import io.kafkaload.operator.render.LoadDefaults;
import io.kafkaload.operator.render.WorkerSettings;
import io.kafkaload.operator.status.JobRuns;
import io.kafkaload.operator.status.LoadOutcome;
import java.util.Optional;

/** Mode Streaming: one Deployment, rolled by the config hash, ready from its replica counts. */
final class StreamingStep {

  private StreamingStep() {}

  static StepResult run(
      LoadWorkloads workloads,
      WorkerSettings settings,
      KafkaLoad load,
      String configHash,
      Optional<Deployment> current) {
    Deployment desired = DeploymentRenderer.render(load, configHash, settings);
    boolean written = workloads.applyDeployment(desired, current);
    KafkaLoadStatus status = load.getStatus();
    String name = desired.getMetadata().getName();
    status.setWorkloadRef(new WorkloadRef("Deployment", name));
    // Streaming workers have no runs: a lastRun left by a Batch Job is not this workload's.
    status.setLastRun(null);
    int replicas = desired.getSpec().getReplicas();
    // Counts of a Deployment just written describe its previous pods: count none ready yet.
    int ready = written ? 0 : readyReplicas(current.get());
    status.setReplicas(replicas);
    status.setReadyReplicas(ready);
    status.setLastScheduleTime(null);
    if (LoadDefaults.suspended(load.getSpec())) {
      return new StepResult(LoadOutcome.suspended(), false, written && current.isEmpty());
    }
    // A worker killed for its memory is restarted by the kubelet; its container's lastState keeps
    // the reason, which the status passes on (the worker itself could not say it).
    String oomKilled =
        current.isEmpty()
            ? null
            : JobRuns.oomKilled(workloads.deploymentPods(current.get())).orElse(null);
    return new StepResult(
        LoadOutcome.streaming(name, replicas, ready, oomKilled),
        false,
        written && current.isEmpty());
  }

  private static int readyReplicas(Deployment deployment) {
    var status = deployment.getStatus();
    if (status == null || status.getReadyReplicas() == null) {
      return 0;
    }
    Long generation = deployment.getMetadata().getGeneration();
    Long observed = status.getObservedGeneration();
    if (generation != null && observed != null && observed < generation) {
      return 0;
    }
    return status.getReadyReplicas();
  }
}
