package io.kafkaload.operator.reconcile;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kafkaload.operator.api.KafkaConnection;
import io.kafkaload.operator.api.KafkaConnectionSpec;
import io.kafkaload.operator.api.KafkaLoad;
import io.kafkaload.operator.status.Conditions;
import io.kafkaload.operator.testing.Examples;
import io.kafkaload.operator.testing.TestClient;
import io.kafkaload.operator.testing.TestKafka;
import io.kafkaload.operator.validation.LoadReferences;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The operator tests' one set-up: every {@code @QuarkusTest} class of this package runs against the
 * same started operator and the fabric8 mock API server in CRUD mode (declared once, globally, by
 * {@link io.kafkaload.operator.testing.MockKubernetesServer}, so the application starts once for
 * all of them), and injects this bean with {@code @Inject Fixtures fixtures}. It creates and drives
 * resources there through the tests' own client ({@link TestClient}, which RbacConformanceTest
 * leaves out of the operator's requests), standing in for users and for the job controller.
 */
@Singleton
final class Fixtures {

  static final String NAMESPACE = "test";
  static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final KubernetesClient client;

  @Inject
  Fixtures(@TestClient KubernetesClient client) {
    this.client = client;
  }

  /** Creates a connection to the tests' plaintext broker (it becomes Ready); returns its name. */
  String readyConnection(String name) {
    createConnection(name, TestKafka.bootstrapServers());
    return name;
  }

  /** {@link #readyConnection}, unless it exists already (one connection for a class's tests). */
  void ensureReadyConnection(String name) {
    if (connection(name) == null) {
      readyConnection(name);
    }
  }

  KafkaConnection createConnection(String name, String bootstrapServers) {
    KafkaConnection connection = new KafkaConnection();
    connection.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE).build());
    KafkaConnectionSpec spec = new KafkaConnectionSpec();
    spec.setBootstrapServers(bootstrapServers);
    connection.setSpec(spec);
    return client.resource(connection).create();
  }

  /** Creates (or replaces) a Secret with these string values. */
  void createSecret(String name, Map<String, String> values) {
    Map<String, String> data = new HashMap<>();
    values.forEach(
        (k, v) ->
            data.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
    client
        .secrets()
        .resource(
            new SecretBuilder()
                .withMetadata(
                    new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE).build())
                .withData(data)
                .build())
        .createOr(existing -> existing.update());
  }

  /** Waits until the connection's Ready condition has {@code status}; returns the condition. */
  Condition awaitConnectionReady(String name, String status) {
    return await()
        .atMost(TIMEOUT)
        .until(
            () -> {
              KafkaConnection c = connection(name);
              return c == null || c.getStatus() == null
                  ? null
                  : Conditions.find(c.getStatus().getConditions(), Conditions.READY).orElse(null);
            },
            c -> c != null && status.equals(c.getStatus()));
  }

  /** The KafkaLoad of an example file, renamed, pointing at {@code connectionName}. */
  static KafkaLoad exampleLoad(String file, String name, String connectionName) {
    KafkaLoad load = Examples.load(Path.of(Examples.repoRoot().toString(), "examples", file));
    load.getMetadata().setName(name);
    load.getMetadata().setNamespace(NAMESPACE);
    load.getSpec().getConnectionRef().setName(connectionName);
    return load;
  }

  /** Edits the load as a user would, retrying when the operator's status write came first. */
  void editLoad(String name, Consumer<KafkaLoad> change) {
    retryOnConflict(
        () ->
            client
                .resources(KafkaLoad.class)
                .inNamespace(NAMESPACE)
                .withName(name)
                .edit(
                    load -> {
                      change.accept(load);
                      return load;
                    }));
  }

  /** Edits the connection as a user would, retrying when the operator's status write came first. */
  void editConnection(String name, Consumer<KafkaConnection> change) {
    retryOnConflict(
        () ->
            client
                .resources(KafkaConnection.class)
                .inNamespace(NAMESPACE)
                .withName(name)
                .edit(
                    connection -> {
                      change.accept(connection);
                      return connection;
                    }));
  }

  /**
   * Edits a resource the operator also writes (its status): the edit carries a resourceVersion, so
   * a concurrent status patch makes it fail with 409; retry like a user would.
   */
  static void retryOnConflict(Runnable edit) {
    for (int attempt = 1; ; attempt++) {
      try {
        edit.run();
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == 10) {
          throw e;
        }
      }
    }
  }

  /**
   * Creates the load, after the PersistentVolumeClaims it names (a user's storage, which the
   * operator checks but never creates) when they do not exist yet.
   */
  KafkaLoad create(KafkaLoad load) {
    for (var need : LoadReferences.claims(load)) {
      createClaim(need.claim());
    }
    return createAsIs(load);
  }

  /** Creates the load alone. */
  KafkaLoad createAsIs(KafkaLoad load) {
    return client.resource(load).create();
  }

  /** Creates a 1Gi ReadWriteOnce claim unless it exists (the mock binds nothing). */
  void createClaim(String name) {
    if (client.persistentVolumeClaims().inNamespace(NAMESPACE).withName(name).get() != null) {
      return;
    }
    client
        .persistentVolumeClaims()
        .resource(
            new PersistentVolumeClaimBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(NAMESPACE)
                .endMetadata()
                .withNewSpec()
                .withAccessModes("ReadWriteOnce")
                .withNewResources()
                .addToRequests("storage", new Quantity("1Gi"))
                .endResources()
                .endSpec()
                .build())
        .create();
  }

  KafkaLoad load(String name) {
    return client.resources(KafkaLoad.class).inNamespace(NAMESPACE).withName(name).get();
  }

  KafkaConnection connection(String name) {
    return client.resources(KafkaConnection.class).inNamespace(NAMESPACE).withName(name).get();
  }

  Deployment deployment(String name) {
    return client.apps().deployments().inNamespace(NAMESPACE).withName(name).get();
  }

  CronJob cronJob(String name) {
    return client.batch().v1().cronjobs().inNamespace(NAMESPACE).withName(name).get();
  }

  /** Waits until the operator created the load's Deployment; returns it. */
  Deployment awaitDeployment(String name) {
    return await().atMost(TIMEOUT).until(() -> deployment(name), d -> d != null);
  }

  /** Waits until the operator created the load's CronJob; returns it. */
  CronJob awaitCronJob(String name) {
    return await().atMost(TIMEOUT).until(() -> cronJob(name), c -> c != null);
  }

  Optional<Condition> loadCondition(String name, String type) {
    KafkaLoad load = load(name);
    if (load == null || load.getStatus() == null) {
      return Optional.empty();
    }
    return Conditions.find(load.getStatus().getConditions(), type);
  }

  /** Waits until the load's condition has {@code status} and {@code reason}; returns it. */
  Condition awaitLoadCondition(String name, String type, String status, String reason) {
    return await()
        .atMost(TIMEOUT)
        .until(
            () -> loadCondition(name, type).orElse(null),
            c -> c != null && status.equals(c.getStatus()) && reason.equals(c.getReason()));
  }

  /**
   * Waits until one read of the load shows every condition in {@code expected} (type -> status and
   * reason, e.g. {@code "True/RunSucceeded"}, or a status alone): conditions read in separate GETs
   * may come from different status writes.
   */
  KafkaLoad awaitLoadConditions(String name, Map<String, String> expected) {
    return await()
        .atMost(TIMEOUT)
        .until(
            () -> load(name),
            load ->
                load != null
                    && load.getStatus() != null
                    && expected.entrySet().stream()
                        .allMatch(
                            e ->
                                Conditions.find(load.getStatus().getConditions(), e.getKey())
                                    .map(
                                        c ->
                                            e.getValue()
                                                .equals(
                                                    e.getValue().contains("/")
                                                        ? c.getStatus() + "/" + c.getReason()
                                                        : c.getStatus()))
                                    .orElse(false)));
  }

  Job awaitSingleJob(String loadName) {
    return await().atMost(TIMEOUT).until(() -> jobsOf(loadName), jobs -> jobs.size() == 1).get(0);
  }

  java.util.List<Job> jobsOf(String loadName) {
    return client
        .batch()
        .v1()
        .jobs()
        .inNamespace(NAMESPACE)
        .withLabel("kafkaload.io/load", loadName)
        .list()
        .getItems();
  }

  /** What the job controller would do: a finished pod with the report, then the Job status. */
  void finishJob(Job job, boolean succeeded, String terminationMessage) {
    String jobName = job.getMetadata().getName();
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(jobName + "-abcde")
            .withNamespace(NAMESPACE)
            .addToLabels("job-name", jobName)
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("worker")
            .withImage("worker")
            .endContainer()
            .endSpec()
            .withNewStatus()
            .withPhase(succeeded ? "Succeeded" : "Failed")
            .addNewContainerStatus()
            .withName("worker")
            .withNewState()
            .withNewTerminated()
            .withExitCode(succeeded ? 0 : 1)
            .withFinishedAt("2026-11-25T13:00:04Z")
            .withMessage(terminationMessage)
            .endTerminated()
            .endState()
            .endContainerStatus()
            .endStatus()
            .build();
    client.pods().resource(pod).create();
    if (client.pods().resource(pod).get().getStatus() == null) {
      client.pods().resource(pod).updateStatus();
    }
    Job current = client.batch().v1().jobs().resource(job).get();
    current.setStatus(
        new JobStatusBuilder()
            .withStartTime("2026-11-25T13:00:00Z")
            .withCompletionTime(succeeded ? "2026-11-25T13:00:04Z" : null)
            .withSucceeded(succeeded ? 1 : 0)
            .withFailed(succeeded ? 0 : 2)
            .withConditions(
                new JobConditionBuilder()
                    .withType(succeeded ? "Complete" : "Failed")
                    .withStatus("True")
                    .withReason(succeeded ? null : "BackoffLimitExceeded")
                    .withMessage(succeeded ? null : "Job has reached the specified backoff limit")
                    .withLastTransitionTime("2026-11-25T13:00:04Z")
                    .build())
            .build());
    client.batch().v1().jobs().resource(current).updateStatus();
  }
}
