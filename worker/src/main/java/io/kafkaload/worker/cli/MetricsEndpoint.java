package io.kafkaload.worker.cli;

import io.kafkaload.worker.config.WorkerConfig;
import io.kafkaload.worker.metrics.LoadMetrics;
import io.kafkaload.worker.metrics.MetricsServer;
import io.kafkaload.worker.pipeline.RunStats;
import java.io.IOException;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Where the run serves /healthz, /readyz and /metrics; port 0 turns the endpoint off. */
record MetricsEndpoint(int port, String address) {
  private static final Logger LOG = LoggerFactory.getLogger(MetricsEndpoint.class);

  static final MetricsEndpoint DISABLED = new MetricsEndpoint(0, null);

  /**
   * In a pod every interface, so the kubelet's probes and Prometheus reach the pod IP; on a laptop
   * the loopback only, so a local run shows its counters to nobody else.
   */
  static String defaultAddress(boolean inPod) {
    return inPod ? "0.0.0.0" : "127.0.0.1";
  }

  /**
   * Starts serving the run's metrics (on the default address of a pod when {@code inPod}), or
   * returns null when disabled or when the port is taken: the load itself does not need the
   * endpoint, so a busy port is a warning, not a failed run (in a pod, the readiness probe then
   * fails visibly).
   */
  MetricsServer start(RunStats stats, WorkerConfig.LoadRef load, boolean inPod) {
    if (port <= 0) {
      return null;
    }
    String host = address == null || address.isBlank() ? defaultAddress(inPod) : address;
    LoadMetrics metrics = new LoadMetrics(stats, load);
    try {
      MetricsServer server = MetricsServer.start(new InetSocketAddress(host, port), metrics);
      LOG.info("serving /healthz, /readyz and /metrics on {}:{}", host, server.port());
      return server;
    } catch (IOException | RuntimeException e) {
      metrics.close();
      LOG.warn(
          "metrics endpoint not started on {}:{} ({}); choose another with --metrics-port, or 0"
              + " to turn it off",
          host,
          port,
          e.getMessage());
      return null;
    }
  }
}
