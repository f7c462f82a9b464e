package io.kafkaload.operator.reconcile;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.kafkaload.operator.api.KafkaConnection;
import io.kafkaload.operator.api.KafkaConnectionSpec;
import io.kafkaload.operator.api.KafkaLoad;
import io.kafkaload.operator.api.KafkaLoadStatus;
import io.kafkaload.operator.config.OperatorConfig;
import io.kafkaload.operator.kafka.KafkaClientConfig;
import io.kafkaload.operator.kafka.SecretRefs;
import io.kafkaload.operator.kafka.SecretValues;
import io.kafkaload.operator.metrics.LoadMetrics;
import io.kafkaload.operator.render.ConfigHashes;
import io.kafkaload.operator.render.ConfigMapRenderer;
import io.kafkaload.operator.render.LoadDefaults;
import io.kafkaload.operator.render.WorkerConfigRenderer;
import io.kafkaload.operator.render.WorkerSettings;
import io.kafkaload.operator.render.WorkloadKind;
import io.kafkaload.operator.status.Conditions;
import io.kafkaload.operator.status.ConnectionReadiness;
import io.kafkaload.operator.status.LoadConditions;
import io.kafkaload.operator.status.LoadEvents;
import io.kafkaload.operator.status.LoadOutcome;
import io.kafkaload.operator.status.StatusDiff;
import io.kafkaload.operator.validation.LoadSpecValidator;
import io.kafkaload.operator.validation.WorkerPolicy;
import io.quarkiverse.operatorsdk.annotations.RBACRule;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs each KafkaLoad, as a list of small steps: validate the spec, check the connection, look up
 * the Secrets and PVCs the load names, render the worker config, apply the workload of the mode
 * (deleting the other mode's), then observe it and write the status. No workload is created while
 * the spec is invalid, the connection is not Ready or a Secret or PVC the load names is missing;
 * workloads already running are left alone.
 */
@ControllerConfiguration(name = "kafkaload")
// The children it manages by hand (no JOSDK dependents, so QOSDK cannot infer these); explicit
// verbs only, least privilege: the offsets PVC is only read, created and patched (its owner
// reference follows retentionPolicy), pods only read.
@RBACRule(
    apiGroups = "batch",
    resources = "jobs",
    verbs = {"get", "list", "watch", "create", "delete"})
@RBACRule(
    apiGroups = "batch",
    resources = "cronjobs",
    verbs = {"get", "list", "watch", "create", "update", "delete"})
@RBACRule(
    apiGroups = "apps",
    resources = "deployments",
    verbs = {"get", "list", "watch", "create", "update", "delete"})
@RBACRule(
    apiGroups = "",
    resources = "configmaps",
    verbs = {"get", "list", "watch", "create", "update"})
@RBACRule(
    apiGroups = "",
    resources = "persistentvolumeclaims",
    verbs = {"get", "create", "patch"})
// The Secrets a load names (its salt, its table sink's) are looked up by name: no list, no watch.
@RBACRule(
    apiGroups = "",
    resources = "secrets",
    verbs = {"get"})
@RBACRule(
    apiGroups = "",
    resources = "pods",
    verbs = {"list"})
@RBACRule(
    apiGroups = "",
    resources = "events",
    verbs = {"create"})
@RBACRule(
    apiGroups = "coordination.k8s.io",
    resources = "leases",
    verbs = {"get", "create", "update", "patch"})
@RBACRule(
    apiGroups = KafkaConnection.GROUP,
    resources = "kafkaconnections",
    verbs = {"get", "list", "watch"})
public class KafkaLoadReconciler implements Reconciler<KafkaLoad> {

  private final OperatorConfig config;
  private final LagTracker lagTracker;
  private final LoadMetrics metrics;

  @Inject
  public KafkaLoadReconciler(OperatorConfig config, LagTracker lagTracker, LoadMetrics metrics) {
    this.config = config;
    this.lagTracker = lagTracker;
    this.metrics = metrics;
  }

  private WorkerPolicy workerPolicy() {
    return new WorkerPolicy(
        config.worker().image(),
        config.worker().allowedImages().orElse(List.of()),
        config.worker().serviceAccount().orElse(null),
        config.worker().allowedServiceAccounts().orElse(List.of()));
  }

  @Override
  public List<EventSource<?, KafkaLoad>> prepareEventSources(
      EventSourceContext<KafkaLoad> context) {
    return LoadEventSources.create(context);
  }

  @Override
  public UpdateControl<KafkaLoad> reconcile(KafkaLoad load, Context<KafkaLoad> context) {
    KafkaLoadStatus before = StatusDiff.copy(load.getStatus(), KafkaLoadStatus.class);
    KafkaLoadStatus status = load.getStatus() == null ? new KafkaLoadStatus() : load.getStatus();
    load.setStatus(status);
    Long generation = load.getMetadata().getGeneration();
    Instant now = Instant.now();

    List<String> problems = new ArrayList<>(LoadSpecValidator.validate(load));
    problems.addAll(workerPolicy().problems(load.getSpec()));
    if (!problems.isEmpty()) {
      LoadConditions.connectionUnchecked(status, generation, now);
      LoadConditions.apply(status, LoadOutcome.invalidSpec(problems), generation, now);
      return finish(load, before, context, false, Optional.empty());
    }

    String namespace = load.getMetadata().getNamespace();
    Optional<KafkaConnection> connection = context.getSecondaryResource(KafkaConnection.class);
    var verdict =
        ConnectionReadiness.judge(
            load.getSpec().getConnectionRef().getName(), namespace, connection);
    LoadConditions.connection(
        status,
        verdict.ready() ? Conditions.TRUE : Conditions.FALSE,
        verdict.reason(),
        verdict.message(),
        generation,
        now);
    if (!verdict.ready()) {
      LoadConditions.apply(
          status, LoadOutcome.connectionNotReady(verdict.message()), generation, now);
      return finish(load, before, context, false, Optional.empty());
    }

    List<String> mismatch = LoadSpecValidator.validateWith(load, connection.get());
    if (!mismatch.isEmpty()) {
      LoadConditions.apply(status, LoadOutcome.invalidSpec(mismatch), generation, now);
      return finish(load, before, context, false, Optional.empty());
    }

    // A missing Secret or PVC would leave the pod in ContainerCreating or Pending: say so instead,
    // and look again later (Secrets and PVCs are not watched). A suspended load runs nothing.
    Optional<LoadOutcome> missing =
        LoadDefaults.suspended(load.getSpec())
            ? Optional.empty()
            : new ReferenceCheck(context.getClient()).missing(load);
    if (missing.isPresent()) {
      LoadConditions.apply(status, missing.get(), generation, now);
      return finish(load, before, context, false, Optional.of(config.load().lagInterval()));
    }

    ObjectNode document = WorkerConfigRenderer.render(load, connection.get(), namespace);
    String configJson = WorkerConfigRenderer.toJson(document);
    // What starts a new run (Jobs) and what rolls streaming workers; the rest applies in place.
    String runHash = ConfigHashes.run(document);
    LoadWorkloads workloads = new LoadWorkloads(context.getClient());
    workloads.applyConfigMap(
        ConfigMapRenderer.render(load, configJson), context.getSecondaryResource(ConfigMap.class));
    if (LoadDefaults.operatorOwnsOffsetsClaim(load)) {
      workloads.ensureOffsetsClaim(load);
    }

    WorkerSettings settings =
        new WorkerSettings(config.worker().image(), config.worker().uid())
            .withSecrets(SecretRefs.names(connection.get().getSpec()))
            .withServiceAccount(config.worker().serviceAccount().orElse(null));
    List<Job> jobs = List.copyOf(context.getSecondaryResources(Job.class));
    List<Job> ownJobs = jobs.stream().filter(KafkaLoadReconciler::ownedByLoad).toList();
    List<Job> scheduledJobs = jobs.stream().filter(job -> !ownedByLoad(job)).toList();
    Optional<Deployment> deployment = context.getSecondaryResource(Deployment.class);
    Optional<CronJob> cronJob = context.getSecondaryResource(CronJob.class);
    // One workload kind at a time: switching kinds deletes the other kinds first.
    StepResult result =
        switch (WorkloadKind.of(load.getSpec())) {
          case Job -> {
            workloads.deleteDeployment(deployment);
            workloads.deleteCronJob(cronJob);
            yield new BatchStep(workloads, settings, now).run(load, runHash, ownJobs);
          }
          case CronJob -> {
            workloads.deleteDeployment(deployment);
            workloads.deleteJobs(ownJobs, null);
            yield new ScheduledStep(workloads, settings, now)
                .run(load, runHash, cronJob, scheduledJobs);
          }
          case Deployment -> {
            workloads.deleteJobs(ownJobs, null);
            workloads.deleteCronJob(cronJob);
            yield StreamingStep.run(
                workloads, settings, load, ConfigHashes.restart(document), deployment);
          }
        };
    LoadConditions.apply(status, result.outcome(), generation, now);
    status.setLag(lagTracker.lag(load, () -> clientProperties(connection.get(), context), now));
    // Looked at again for the lag, or sooner for a run report that was not there yet.
    return finish(
        load,
        before,
        context,
        result.created(),
        Optional.of(
            result.recheck() ? config.load().reportRecheck() : config.load().lagInterval()));
  }

  private static Map<String, Object> clientProperties(
      KafkaConnection connection, Context<KafkaLoad> context) {
    KafkaConnectionSpec spec = connection.getSpec();
    SecretValues.Result secrets =
        SecretValues.read(
            SecretRefs.needed(spec),
            new SecretLookup(context.getClient(), connection.getMetadata().getNamespace()));
    return KafkaClientConfig.properties(
        spec, secrets.complete() ? secrets.values() : SecretValues.none());
  }

  /**
   * A failed reconcile (API server refused a write, for instance) is retried by JOSDK with backoff;
   * meanwhile the status says so instead of showing a stale Ready.
   */
  @Override
  public ErrorStatusUpdateControl<KafkaLoad> updateErrorStatus(
      KafkaLoad load, Context<KafkaLoad> context, Exception e) {
    KafkaLoadStatus status = load.getStatus() == null ? new KafkaLoadStatus() : load.getStatus();
    load.setStatus(status);
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    LoadConditions.apply(
        status,
        LoadOutcome.reconcileError(message.replaceAll("\\s+", " ")),
        load.getMetadata().getGeneration(),
        Instant.now());
    return ErrorStatusUpdateControl.patchStatus(StatusPatch.of(load));
  }

  /** Jobs the load created itself (not those its CronJob started). */
  private static boolean ownedByLoad(Job job) {
    var owners = job.getMetadata().getOwnerReferences();
    return owners != null && owners.stream().anyMatch(o -> KafkaLoad.KIND.equals(o.getKind()));
  }

  /**
   * Records the Events of what changed, and patches the status only when it changed; {@code
   * recheck} schedules another look.
   */
  private UpdateControl<KafkaLoad> finish(
      KafkaLoad load,
      KafkaLoadStatus before,
      Context<KafkaLoad> context,
      boolean created,
      Optional<Duration> recheck) {
    EventRecorder.record(
        context.getClient(), load, LoadEvents.between(before, load.getStatus(), created));
    metrics.update(load, Instant.now());
    UpdateControl<KafkaLoad> control =
        StatusDiff.changed(before, load.getStatus())
            ? UpdateControl.patchStatus(StatusPatch.of(load))
            : UpdateControl.noUpdate();
    recheck.ifPresent(control::rescheduleAfter);
    return control;
  }
}
