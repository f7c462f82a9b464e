package io.kafkaload.operator.reconcile;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kafkaload.operator.api.KafkaLoad;
import io.kafkaload.operator.render.OffsetsClaimRenderer;
import io.kafkaload.operator.render.WorkloadNames;
import java.net.HttpURLConnection;
import java.util.ArrayList;
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

  /**
   * Creates the offsets PVC when missing. Its spec is never changed; only its owner reference
   * follows {@code retentionPolicy} (Delete: owned by the load, so it goes with it; Retain: not).
   */
  void ensureOffsetsClaim(KafkaLoad load) {
    var claims = client.persistentVolumeClaims().inNamespace(load.getMetadata().getNamespace());
    PersistentVolumeClaim current = claims.withName(WorkloadNames.offsetsClaim(load)).get();
    if (current == null) {
      createIgnoringConflict(() -> claims.resource(OffsetsClaimRenderer.render(load)).create());
      return;
    }
    List<OwnerReference> desired = OffsetsClaimRenderer.ownerReferences(load);
    List<OwnerReference> existing = current.getMetadata().getOwnerReferences();
    if (!sameOwners(existing, desired)) {
      LOG.infof(
          "Setting the owner of PVC %s/%s for retentionPolicy %s",
          current.getMetadata().getNamespace(),
          current.getMetadata().getName(),
          desired.isEmpty() ? "Retain" : "Delete");
      claims
          .withName(current.getMetadata().getName())
          .edit(
              claim -> {
                claim.getMetadata().setOwnerReferences(new ArrayList<>(desired));
                return claim;
              });
    }
  }

  private static boolean sameOwners(List<OwnerReference> existing, List<OwnerReference> desired) {
    List<String> a =
        existing == null ? List.of() : existing.stream().map(OwnerReference::getUid).toList();
    return a.equals(desired.stream().map(OwnerReference::getUid).toList());
  }

  /**
   * Creates the CronJob, or replaces it when its rendered spec hash differs (a CronJob's template
   * may change: only Jobs it starts later use it).
   *
   * @return whether it was created
   */
  boolean applyCronJob(CronJob desired, Optional<CronJob> current) {
    if (current.isPresent()) {
      if (!sameSpecHash(current.get().getMetadata(), desired)) {
        LOG.infof(
            "Updating CronJob %s/%s",
            desired.getMetadata().getNamespace(), desired.getMetadata().getName());
        client.batch().v1().cronjobs().resource(desired).update();
      }
      return false;
    }
    LOG.infof(
        "Creating CronJob %s/%s",
        desired.getMetadata().getNamespace(), desired.getMetadata().getName());
    client.batch().v1().cronjobs().resource(desired).createOr(existing -> existing.update());
    return true;
  }

  /** Deletes the load's CronJob, if any, with the Jobs it started. */
  void deleteCronJob(Optional<CronJob> current) {
    current.ifPresent(
        cronJob -> {
          LOG.infof(
              "Deleting CronJob %s/%s",
              cronJob.getMetadata().getNamespace(), cronJob.getMetadata().getName());
          client
              .batch()
              .v1()
              .cronjobs()
              .resource(cronJob)
              .withPropagationPolicy(DeletionPropagation.BACKGROUND)
              .delete();
        });
  }

  /** Creates a Job; a Job of the same name already there (stale cache) is the same run. */
  void createJob(Job job) {
    LOG.infof("Creating Job %s/%s", job.getMetadata().getNamespace(), job.getMetadata().getName());
    createIgnoringConflict(() -> client.batch().v1().jobs().resource(job).create());
  }

  /** The Job of that name, read from the API server (not the informer cache). */
  Optional<Job> getJob(String namespace, String name) {
    return Optional.ofNullable(
        client.batch().v1().jobs().inNamespace(namespace).withName(name).get());
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
    if (current.isPresent() && sameSpecHash(current.get().getMetadata(), desired)) {
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

  /** The pods of a Deployment, found by its selector. */
  List<Pod> deploymentPods(Deployment deployment) {
    return client
        .pods()
        .inNamespace(deployment.getMetadata().getNamespace())
        .withLabels(deployment.getSpec().getSelector().getMatchLabels())
        .list()
        .getItems();
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

  private static boolean sameSpecHash(ObjectMeta current, HasMetadata desired) {
    var annotations = current.getAnnotations();
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
