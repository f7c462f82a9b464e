package io.kafkaload.worker.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The worker's read-only HTTP endpoint for Kubernetes probes and Prometheus: {@code /healthz} (200
 * while the process serves), {@code /readyz} (200 once the run reads, 503 before and from the
 * moment it is asked to stop) and {@code /metrics}. GET and HEAD only: there is no control API, so
 * whoever reaches the port can read counters and nothing else.
 */
public final class MetricsServer implements AutoCloseable {
  static final String TEXT_004 = "text/plain; version=0.0.4; charset=utf-8";
  private static final String PLAIN = "text/plain; charset=utf-8";

  private final HttpServer server;
  private final ExecutorService executor;
  private final LoadMetrics metrics;
  private volatile boolean stopping;

  private MetricsServer(HttpServer server, ExecutorService executor, LoadMetrics metrics) {
    this.server = server;
    this.executor = executor;
    this.metrics = metrics;
  }

  /**
   * Serves {@code metrics} on {@code address} (port 0 picks a free port, for tests) and owns them:
   * closing the server closes the metrics. Throws when the port cannot be bound.
   */
  public static MetricsServer start(InetSocketAddress address, LoadMetrics metrics)
      throws IOException {
    HttpServer http = HttpServer.create(address, 16);
    // one thread: scrapes are seconds apart, and probes must not pile up threads if they stall
    ExecutorService executor =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "kafkaload-metrics");
              t.setDaemon(true);
              return t;
            });
    http.setExecutor(executor);
    MetricsServer server = new MetricsServer(http, executor, metrics);
    http.createContext("/", server::handle);
    http.start();
    return server;
  }

  /** The port bound. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** From now on {@code /readyz} answers 503: the run finishes its batch and commits. */
  public void stopping() {
    stopping = true;
  }

  /** Ready when the run reads and is not stopping. */
  public boolean ready() {
    return !stopping && metrics.started();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      boolean head = "HEAD".equals(method);
      if (!head && !"GET".equals(method)) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        respond(exchange, 405, PLAIN, "read-only: GET or HEAD\n", false);
        return;
      }
      switch (exchange.getRequestURI().getPath()) {
        case "/healthz" -> respond(exchange, 200, PLAIN, "ok\n", head);
        case "/readyz" -> {
          boolean ready = ready();
          String body = ready ? "ready\n" : stopping ? "stopping\n" : "starting\n";
          respond(exchange, ready ? 200 : 503, PLAIN, body, head);
        }
        case "/metrics" -> metrics(exchange, head);
        default -> respond(exchange, 404, PLAIN, "try /healthz, /readyz or /metrics\n", head);
      }
    }
  }

  private void metrics(HttpExchange exchange, boolean head) throws IOException {
    String text;
    try {
      text = metrics.scrape();
    } catch (RuntimeException e) {
      // a failed scrape answers 500; the endpoint (and the liveness probe) stays up
      respond(exchange, 500, PLAIN, "scrape failed: " + e.getMessage() + "\n", head);
      return;
    }
    respond(exchange, 200, TEXT_004, text, head);
  }

  private static void respond(
      HttpExchange exchange, int status, String type, String body, boolean head)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    if (head) {
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    stopping = true;
    server.stop(0);
    executor.shutdownNow();
    metrics.close();
  }
}
