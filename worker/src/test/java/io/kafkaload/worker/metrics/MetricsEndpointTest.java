package io.kafkaload.worker.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kafkaload.worker.chunk.RecordSink;
import io.kafkaload.worker.cli.WorkerParts;
import io.kafkaload.worker.config.TestLoads;
import io.kafkaload.worker.config.WorkerConfig;
import io.kafkaload.worker.decode.Decoder;
import io.kafkaload.worker.decode.JsonDecoder;
import io.kafkaload.worker.offsets.OffsetStore;
import io.kafkaload.worker.pipeline.LoadRunner;
import io.kafkaload.worker.pipeline.RunReport;
import io.kafkaload.worker.testkit.SharedKafka;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A streaming run against the real broker, scraped over real HTTP: readiness flips when the
 * consumer joins and again when the run is asked to stop; counters and the lag per partition move
 * as records are read.
 */
class MetricsEndpointTest {
  private static final int RECORDS = 3_000;
  private final HttpClient http = HttpClient.newHttpClient();

  @TempDir Path dir;

  @Test
  void readinessCountersLagChunksAndCommitTimeOverHttp() throws Exception {
    String topic = SharedKafka.createTopic("metrics", 2);
    SharedKafka.produce(topic, RECORDS);
    String name = SharedKafka.uniqueName("metrics");
    CountDownLatch gate = new CountDownLatch(1);
    LoadRunner runner = new LoadRunner(streaming(topic, name), new GatedParts(gate));
    String labels = "load=\"" + name + "\",namespace=\"test\"";

    try (MetricsServer server =
        MetricsServer.start(
            new InetSocketAddress("127.0.0.1", 0), new LoadMetrics(runner.stats(), load(name)))) {
      String base = "http://127.0.0.1:" + server.port();
      assertThat(get(base + "/healthz").statusCode()).isEqualTo(200);
      assertThat(get(base + "/readyz").statusCode()).isEqualTo(503);
      assertThat(get(base + "/readyz").body()).isEqualTo("starting\n");

      CompletableFuture<RunReport> running = CompletableFuture.supplyAsync(runner::run);
      try {
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> get(base + "/readyz").statusCode() == 200);
        // the first poll brought 100 records and the high watermark of what it fetched; the
        // gate holds the consumer thread there
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> sum(scrape(base), "kafkaload_consumer_lag{", topic) > 0);
        String held = scrape(base);
        assertThat(sum(held, "kafkaload_records_read_total{", labels)).isLessThan(RECORDS);

        gate.countDown();
        await()
            .atMost(Duration.ofSeconds(60))
            .untilAsserted(
                () -> {
                  String text = scrape(base);
                  assertThat(sum(text, "kafkaload_records_read_total{", labels)).isEqualTo(RECORDS);
                  assertThat(sum(text, "kafkaload_records_written_total{", labels))
                      .isEqualTo(RECORDS);
                  assertThat(sum(text, "kafkaload_consumer_lag{", topic)).isZero();
                  assertThat(text)
                      .contains("partition=\"0\",topic=\"" + topic)
                      .contains("partition=\"1\",topic=\"" + topic);
                  assertThat(sum(text, "kafkaload_chunk_duration_seconds_count{", labels))
                      .isPositive();
                  assertThat(sum(text, "kafkaload_last_commit_timestamp_seconds{", labels))
                      .isGreaterThan(System.currentTimeMillis() / 1000.0 - 120);
                });
        String text = scrape(base);
        assertThat(sum(text, "kafkaload_records_rejected_total{", labels)).isZero();
        assertThat(sum(text, "kafkaload_records_filtered_total{", labels)).isZero();
        assertThat(text).contains("jvm_memory_used_bytes");

        server.stopping();
        assertThat(get(base + "/readyz").statusCode()).isEqualTo(503);
        assertThat(get(base + "/readyz").body()).isEqualTo("stopping\n");
        assertThat(get(base + "/healthz").statusCode()).isEqualTo(200);
      } finally {
        gate.countDown();
        runner.stop();
      }
      assertThat(running.get(60, TimeUnit.SECONDS).result()).isEqualTo(RunReport.SUCCEEDED);
    }
  }

  @Test
  void readOnlyAndHeadWithoutBody() throws Exception {
    LoadRunner runner = new LoadRunner(streaming("unused", "ro"), new WorkerParts());
    try (MetricsServer server =
        MetricsServer.start(
            new InetSocketAddress("127.0.0.1", 0), new LoadMetrics(runner.stats(), load("ro")))) {
      String base = "http://127.0.0.1:" + server.port();
      HttpResponse<String> post =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/metrics"))
                  .POST(HttpRequest.BodyPublishers.ofString("stop"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(post.statusCode()).isEqualTo(405);
      assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
      HttpResponse<String> head =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/metrics"))
                  .method("HEAD", HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(head.statusCode()).isEqualTo(200);
      assertThat(head.body()).isEmpty();
      assertThat(get(base + "/nothing").statusCode()).isEqualTo(404);
      HttpResponse<String> metrics = get(base + "/metrics");
      assertThat(metrics.headers().firstValue("Content-Type"))
          .hasValue("text/plain; version=0.0.4; charset=utf-8");
      assertThat(metrics.body())
          .contains("kafkaload_records_read_total{load=\"ro\",namespace=\"test\"} 0.0")
          .contains("kafkaload_last_commit_timestamp_seconds{load=\"ro\",namespace=\"test\"} 0.0")
          .doesNotContain("kafkaload_consumer_lag{");
    }
  }

  private HttpResponse<String> get(String url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private String scrape(String base) throws Exception {
    HttpResponse<String> response = get(base + "/metrics");
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  /** The sum of the samples of {@code prefix} (name and opening brace) whose labels contain it. */
  private static double sum(String scrape, String prefix, String contains) {
    return scrape
        .lines()
        .filter(l -> l.startsWith(prefix) && l.contains(contains))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }

  private static WorkerConfig.LoadRef load(String name) {
    return new WorkerConfig.LoadRef("test", name);
  }

  /** Streaming, 1 s interval; polls of 100 records so the lag is visible after the first. */
  private WorkerConfig streaming(String topic, String name) {
    return TestLoads.files(topic, dir.resolve("out"))
        .sharedKafka()
        .namespace("test")
        .name(name)
        .streaming()
        .flush(null, 1)
        .edit(doc -> doc.put("connection.spec.options", "max.poll.records", "100"))
        .dir(dir)
        .unchecked();
  }

  /** The real parts, with a decoder that holds the consumer thread until the gate opens. */
  private static final class GatedParts implements LoadRunner.Parts {
    private final WorkerParts real = new WorkerParts();
    private final CountDownLatch gate;

    GatedParts(CountDownLatch gate) {
      this.gate = gate;
    }

    @Override
    public Decoder decoder(WorkerConfig config) {
      JsonDecoder json = new JsonDecoder();
      return value -> {
        try {
          gate.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return json.check(value);
      };
    }

    @Override
    public RecordSink sink(WorkerConfig config, Map<String, Object> props) throws Exception {
      return real.sink(config, props);
    }

    @Override
    public OffsetStore store(
        WorkerConfig config, Map<String, Object> props, Consumer<byte[], byte[]> consumer) {
      return real.store(config, props, consumer);
    }
  }
}
