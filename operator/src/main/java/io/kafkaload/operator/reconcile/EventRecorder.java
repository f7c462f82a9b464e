package io.kafkaload.operator.reconcile;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kafkaload.operator.status.EventSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * Writes core/v1 Events about a resource. An Event that cannot be written is logged and dropped:
 * events inform, they never fail a reconcile.
 */
final class EventRecorder {

  static final String COMPONENT = "kafkaload-operator";

  /** Longest message written; the API server refuses much longer ones. */
  static final int MAX_MESSAGE = 1024;

  private static final Logger LOG = Logger.getLogger(EventRecorder.class);

  private EventRecorder() {}

  /**
   * Events recorded lately, by resource uid, generation, reason and message. Two reconciles can
   * start from the same cached status before the first status patch is seen, and would then both
   * see the same transition; the second one is dropped here. Kept briefly, so a real repeat later
   * (a connection flapping) is recorded again.
   */
  private static final Map<String, Instant> RECENT = new ConcurrentHashMap<>();

  static final Duration DEDUPLICATION_WINDOW = Duration.ofMinutes(2);

  static void record(KubernetesClient client, HasMetadata about, List<EventSpec> events) {
    Instant at = Instant.now();
    RECENT.values().removeIf(t -> t.plus(DEDUPLICATION_WINDOW).isBefore(at));
    for (EventSpec spec : events) {
      String key =
          about.getMetadata().getUid()
              + "|"
              + about.getMetadata().getGeneration()
              + "|"
              + spec.reason()
              + "|"
              + spec.message();
      if (RECENT.putIfAbsent(key, at) != null) {
        continue;
      }
      String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
      String message =
          spec.message() == null || spec.message().length() <= MAX_MESSAGE
              ? spec.message()
              : spec.message().substring(0, MAX_MESSAGE - 3) + "...";
      var event =
          new EventBuilder()
              .withNewMetadata()
              .withName(
                  about.getMetadata().getName()
                      + "."
                      + Long.toHexString(System.currentTimeMillis())
                      + String.format(
                          Locale.ROOT, "%04x", ThreadLocalRandom.current().nextInt(0x10000)))
              .withNamespace(about.getMetadata().getNamespace())
              .endMetadata()
              .withInvolvedObject(
                  new ObjectReferenceBuilder()
                      .withApiVersion(about.getApiVersion())
                      .withKind(about.getKind())
                      .withName(about.getMetadata().getName())
                      .withNamespace(about.getMetadata().getNamespace())
                      .withUid(about.getMetadata().getUid())
                      .build())
              .withType(spec.type())
              .withReason(spec.reason())
              .withMessage(message)
              .withFirstTimestamp(now)
              .withLastTimestamp(now)
              .withCount(1)
              .withNewSource()
              .withComponent(COMPONENT)
              .endSource()
              .withReportingComponent(COMPONENT)
              .build();
      try {
        client
            .v1()
            .events()
            .inNamespace(about.getMetadata().getNamespace())
            .resource(event)
            .create();
      } catch (KubernetesClientException e) {
        LOG.warnf(
            "Event %s about %s/%s not recorded: HTTP %d",
            spec.reason(),
            about.getMetadata().getNamespace(),
            about.getMetadata().getName(),
            e.getCode());
      }
    }
  }
}
