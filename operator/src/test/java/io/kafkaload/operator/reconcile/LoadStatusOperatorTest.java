package io.kafkaload.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kafkaload.operator.api.KafkaLoad;
import io.kafkaload.operator.testing.TestClient;
import io.kafkaload.operator.testing.TestKafka;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** status.lag from the consumer group, and Events on transitions only. */
@QuarkusTest
class LoadStatusOperatorTest {

  @Inject @TestClient KubernetesClient client;

  @io.quarkus.test.common.http.TestHTTPResource("/q/metrics")
  java.net.URL metricsUrl;

  @Inject Fixtures fixtures;

  @Test
  void lagIsTheGroupsTotalLagAndFollowsCommits() throws Exception {
    String topic = "lag-events";
    String bootstrap = TestKafka.bootstrapServers();
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
      Properties props = new Properties();
      props.put("bootstrap.servers", bootstrap);
      try (var producer =
          new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
        for (int i = 0; i < 10; i++) {
          producer.send(new ProducerRecord<>(topic, i % 2, null, "{\"i\":" + i + "}"));
        }
      }
      fixtures.createConnection("kafka-lag", bootstrap);
      KafkaLoad load = Fixtures.exampleLoad("kafkaload-batch-parquet.yaml", "lagging", "kafka-lag");
      load.getSpec().getSource().getKafka().setTopics(List.of(topic));
      fixtures.create(load);

      // No commit yet: everything from the earliest offset is lag.
      awaitLag("lagging", 10L);

      // The default group of the load: kafkaload.<namespace>.<name>.
      admin
          .alterConsumerGroupOffsets(
              "kafkaload.test.lagging",
              Map.of(
                  new TopicPartition(topic, 0), new OffsetAndMetadata(5),
                  new TopicPartition(topic, 1), new OffsetAndMetadata(2)))
          .all()
          .get();
      awaitLag("lagging", 3L);
    }
  }

  @Test
  void eventsAreRecordedOnTransitionsOnly() {
    fixtures.readyConnection("kafka-events");
    // Ready first, so the load's only transitions are the ones under test.
    await()
        .atMost(Fixtures.TIMEOUT)
        .until(
            () -> fixtures.connection("kafka-events"),
            c ->
                c.getStatus() != null
                    && io.kafkaload.operator.status.Conditions.isTrue(
                        c.getStatus().getConditions(), "Ready"));
    KafkaLoad invalid =
        Fixtures.exampleLoad("kafkaload-batch-parquet.yaml", "evented", "kafka-events");
    invalid.getSpec().getSink().getFiles().setPath("relative");
    fixtures.create(invalid);
    fixtures.awaitLoadCondition("evented", "Stalled", "True", "InvalidSpec");

    fixtures.editLoad(
        "evented",
        l -> {
          l.getSpec().getSink().getFiles().setPath("/data/evented");
        });
    var job = fixtures.awaitSingleJob("evented");
    fixtures.finishJob(
        job,
        true,
        "{\"result\":\"Succeeded\",\"message\":\"ok\",\"recordsRead\":1,\"recordsWritten\":1,"
            + "\"recordsRejected\":0}");
    fixtures.awaitLoadCondition("evented", "Ready", "True", "RunSucceeded");

    List<String> expected = List.of("InvalidSpec", "RunStarted", "RunSucceeded");
    await().atMost(Fixtures.TIMEOUT).until(() -> reasons("evented").containsAll(expected));
    // Later reconciles (lag timer) change nothing, so they record nothing.
    await().pollDelay(Duration.ofSeconds(3)).until(() -> true);
    List<Event> events = eventsOf("evented");
    assertThat(events.stream().map(Event::getReason).toList())
        .containsExactlyInAnyOrderElementsOf(expected);
    assertThat(events)
        .filteredOn(e -> "InvalidSpec".equals(e.getReason()))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getType()).isEqualTo("Warning");
              assertThat(e.getMessage()).contains("spec.sink.files.path");
              assertThat(e.getInvolvedObject().getKind()).isEqualTo("KafkaLoad");
            });
    assertThat(events)
        .filteredOn(e -> "RunStarted".equals(e.getReason()))
        .singleElement()
        .satisfies(e -> assertThat(e.getMessage()).contains(job.getMetadata().getName()));
    assertThat(eventsOf("kafka-events")).extracting(Event::getReason).containsExactly("Connected");
  }

  @Test
  void metricsEndpointExportsLoadAndReconcileMetrics() throws Exception {
    fixtures.readyConnection("kafka-metrics");
    fixtures.create(
        Fixtures.exampleLoad("kafkaload-batch-parquet.yaml", "measured", "kafka-metrics"));
    fixtures.awaitLoadCondition("measured", "Reconciling", "True", "RunInProgress");
    var http = java.net.http.HttpClient.newHttpClient();
    var request = java.net.http.HttpRequest.newBuilder(metricsUrl.toURI()).build();
    await()
        .atMost(Fixtures.TIMEOUT)
        .until(
            () -> http.send(request, java.net.http.HttpResponse.BodyHandlers.ofString()).body(),
            body ->
                body.contains("kafkaload_load_ready{load=\"measured\",namespace=\"test\"}")
                    && body.contains("operator_sdk"));
  }

  private List<Event> eventsOf(String name) {
    return client.v1().events().inNamespace(Fixtures.NAMESPACE).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .toList();
  }

  private List<String> reasons(String name) {
    return eventsOf(name).stream().map(Event::getReason).toList();
  }

  private void awaitLag(String name, long lag) {
    await()
        .atMost(Fixtures.TIMEOUT)
        .until(
            () -> {
              KafkaLoad load = fixtures.load(name);
              return load == null || load.getStatus() == null ? null : load.getStatus().getLag();
            },
            value -> value != null && value == lag);
  }
}
