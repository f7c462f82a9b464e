package io.kafkaload.operator.reconcile;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kafkaload.operator.api.KafkaLoad;
import io.kafkaload.operator.render.OffsetsClaimRenderer;
import io.kafkaload.operator.render.WorkloadNames;
import java.net.HttpURLConnection;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The I/O edge of the load reconciler: creates, updates and deletes a load's children with the
 * fabric8 client. Every write is skipped when the object already matches, so reconciles that change
 * nothing cause no events and converge.
 */
final class LoadWorkloads {

  private static final Logger LOG = Logger.getLogger(LoadWorkloads.class);

  private final KubernetesClient client;

  LoadWorkloads(KubernetesClient client) {
    this.client = client;
  }

  /** Creates or updates the config ConfigMap when its data or labels differ. */
  void applyConfigMap(ConfigMap desired, Optional<ConfigMap> current) {
    if (current.isPresent()
        && Objects.equals(current.get().getData(), desired.getData())
        && Objects.equals(
            current.get().getMetadata().getLabels(), desired.getMetadata().getLabels())) {
      return;
    }
    client.configMaps().resource(desired).createOr(existing -> existing.update());
  }

  /** Creates the offsets PVC when missing; never updates or deletes it. */
  void ensureOffsetsClaim(KafkaLoad load) {
    var claims = client.persistentVolumeClaims().inNamespace(load.getMetadata().getNamespace());
    if (claims.withName(WorkloadNames.offsetsClaim(load)).get() == null) {
      createIgnoringConflict(() -> claims.resource(OffsetsClaimRenderer.render(load)).create());
    }
  }

  /** Creates a Job; a Job of the same name already there (stale cache) is the same run. */
  void createJob(Job job) {
    LOG.infof("Creating Job %s/%s", job.getMetadata().getNamespace(), job.getMetadata().getName());
    createIgnoringConflict(() -> client.batch().v1().jobs().resource(job).create());
  }

  /** Deletes the load's Jobs other than {@code keep} (null: all), with their pods. */
  void deleteJobs(Collection<Job> jobs, String keep) {
    for (Job job : jobs) {
      if (!job.getMetadata().getName().equals(keep)) {
        LOG.infof(
            "Deleting Job %s/%s", job.getMetadata().getNamespace(), job.getMetadata().getName());
        client
            .batch()
            .v1()
            .jobs()
            .resource(job)
            .withPropagationPolicy(DeletionPropagation.BACKGROUND)
            .delete();
      }
    }
  }

  /**
   * Creates the Deployment, or replaces it when its rendered spec hash differs.
   *
   * @return whether it was written
   */
  boolean applyDeployment(Deployment desired, Optional<Deployment> current) {
    if (current.isPresent() && sameSpecHash(current.get(), desired)) {
      return false;
    }
    LOG.infof(
        "Applying Deployment %s/%s",
        desired.getMetadata().getNamespace(), desired.getMetadata().getName());
    client.apps().deployments().resource(desired).createOr(existing -> existing.update());
    return true;
  }

  /** Deletes the load's Deployment, if any. */
  void deleteDeployment(Optional<Deployment> current) {
    current.ifPresent(
        deployment -> {
          LOG.infof(
              "Deleting Deployment %s/%s",
              deployment.getMetadata().getNamespace(), deployment.getMetadata().getName());
          client.apps().deployments().resource(deployment).delete();
        });
  }

  /** The pods of a Job, found by the {@code job-name} label the job controller sets. */
  List<Pod> jobPods(Job job) {
    return client
        .pods()
        .inNamespace(job.getMetadata().getNamespace())
        .withLabel("job-name", job.getMetadata().getName())
        .list()
        .getItems();
  }

  private static boolean sameSpecHash(Deployment current, Deployment desired) {
    var annotations = current.getMetadata().getAnnotations();
    return annotations != null
        && Objects.equals(
            annotations.get(WorkloadNames.SPEC_HASH_ANNOTATION),
            desired.getMetadata().getAnnotations().get(WorkloadNames.SPEC_HASH_ANNOTATION));
  }

  private static void createIgnoringConflict(Runnable create) {
    try {
      create.run();
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
    }
  }
}
