package io.kafkaload.operator.reconcile;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.PrimaryToSecondaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import io.kafkaload.operator.api.KafkaConnection;
import io.kafkaload.operator.api.KafkaLoad;
import io.kafkaload.operator.render.WorkloadNames;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The informers that wake a KafkaLoad up: its own Jobs, CronJob, Deployment and ConfigMap (mapped
 * back by owner reference, or by the load label for Jobs a CronJob started), and its
 * KafkaConnection (mapped back by {@code spec.connectionRef.name}, so loads react when their
 * connection becomes Ready or goes away).
 */
final class LoadEventSources {

  /** Primary-cache index of loads by {@code <namespace>/<connectionRef.name>}. */
  static final String BY_CONNECTION = "byConnection";

  private static final String MANAGED = "app.kubernetes.io/managed-by=" + WorkloadNames.MANAGED_BY;

  private LoadEventSources() {}

  static List<EventSource<?, KafkaLoad>> create(EventSourceContext<KafkaLoad> context) {
    context
        .getPrimaryCache()
        .addIndexer(BY_CONNECTION, load -> connectionKey(load).map(List::of).orElse(List.of()));
    return List.of(
        connections(context),
        jobs(context),
        owned(context, CronJob.class),
        owned(context, Deployment.class),
        owned(context, ConfigMap.class));
  }

  private static InformerEventSource<KafkaConnection, KafkaLoad> connections(
      EventSourceContext<KafkaLoad> context) {
    PrimaryToSecondaryMapper<KafkaLoad> toConnection =
        load ->
            connectionName(load)
                .map(name -> Set.of(new ResourceID(name, load.getMetadata().getNamespace())))
                .orElse(Set.of());
    var configuration =
        InformerEventSourceConfiguration.from(KafkaConnection.class, KafkaLoad.class)
            .withName("connections")
            .withSecondaryToPrimaryMapper(
                connection ->
                    context
                        .getPrimaryCache()
                        .byIndex(
                            BY_CONNECTION,
                            connection.getMetadata().getNamespace()
                                + "/"
                                + connection.getMetadata().getName())
                        .stream()
                        .map(ResourceID::fromResource)
                        .collect(Collectors.toSet()))
            .withPrimaryToSecondaryMapper(toConnection)
            .build();
    return new InformerEventSource<>(configuration, context);
  }

  /**
   * Jobs of a load: those it owns (Batch, trigger Once) and those its CronJob started, which carry
   * the load's label but are owned by the CronJob.
   */
  private static InformerEventSource<Job, KafkaLoad> jobs(EventSourceContext<KafkaLoad> context) {
    SecondaryToPrimaryMapper<Job> byOwner = Mappers.fromOwnerReferences(KafkaLoad.class);
    SecondaryToPrimaryMapper<Job> mapper =
        job -> {
          Set<ResourceID> owners = byOwner.toPrimaryResourceIDs(job);
          if (!owners.isEmpty()) {
            return owners;
          }
          var labels = job.getMetadata().getLabels();
          String load = labels == null ? null : labels.get(WorkloadNames.LOAD_LABEL);
          return load == null
              ? Set.of()
              : Set.of(new ResourceID(load, job.getMetadata().getNamespace()));
        };
    var configuration =
        InformerEventSourceConfiguration.from(Job.class, KafkaLoad.class)
            .withName("job")
            .withLabelSelector(MANAGED)
            .withSecondaryToPrimaryMapper(mapper)
            .build();
    return new InformerEventSource<>(configuration, context);
  }

  private static <R extends HasMetadata> InformerEventSource<R, KafkaLoad> owned(
      EventSourceContext<KafkaLoad> context, Class<R> type) {
    var configuration =
        InformerEventSourceConfiguration.from(type, KafkaLoad.class)
            .withName(type.getSimpleName().toLowerCase())
            .withLabelSelector(MANAGED)
            .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(KafkaLoad.class))
            .build();
    return new InformerEventSource<>(configuration, context);
  }

  private static java.util.Optional<String> connectionName(KafkaLoad load) {
    if (load.getSpec() == null
        || load.getSpec().getConnectionRef() == null
        || load.getSpec().getConnectionRef().getName() == null) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(load.getSpec().getConnectionRef().getName());
  }

  private static java.util.Optional<String> connectionKey(KafkaLoad load) {
    return connectionName(load).map(name -> load.getMetadata().getNamespace() + "/" + name);
  }
}
