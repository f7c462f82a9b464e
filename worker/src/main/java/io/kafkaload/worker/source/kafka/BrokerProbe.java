package io.kafkaload.worker.source.kafka;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Looks, before any Kafka client starts, whether at least one bootstrap server accepts a TCP
 * connection: when none does, the run fails at once naming each server and why, instead of the
 * clients' minute of retries and warnings.
 */
public final class BrokerProbe {
  static final int TIMEOUT_MS = 5_000;

  private BrokerProbe() {}

  /** Throws when no server of {@code bootstrapServers} (host:port,...) accepts a connection. */
  public static void check(String bootstrapServers) {
    List<String> failures = new ArrayList<>();
    for (String server : bootstrapServers.split(",")) {
      String address = server.strip().replaceFirst("^[A-Za-z_]+://", "");
      if (address.isEmpty()) {
        continue;
      }
      String why = probe(address);
      if (why == null) {
        return;
      }
      failures.add(address + " (" + why + ")");
    }
    if (failures.isEmpty()) {
      return;
    }
    throw new IllegalStateException(
        "no Kafka broker answered at "
            + String.join(", ", failures)
            + "; check KafkaConnection spec.bootstrapServers (or --bootstrap-servers) and that"
            + " the brokers are up and reachable from here");
  }

  /** Null when {@code address} accepts a connection, else why not. */
  static String probe(String address) {
    int colon = address.lastIndexOf(':');
    if (colon <= 0 || colon == address.length() - 1) {
      return "not host:port";
    }
    String host = address.substring(0, colon).replace("[", "").replace("]", "");
    int port;
    try {
      port = Integer.parseInt(address.substring(colon + 1));
    } catch (NumberFormatException e) {
      return "the port is not a number";
    }
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), TIMEOUT_MS);
      return null;
    } catch (UnknownHostException e) {
      return "unknown host";
    } catch (ConnectException e) {
      return "connection refused";
    } catch (SocketTimeoutException e) {
      return "no answer within " + TIMEOUT_MS / 1000 + " s";
    } catch (IOException | IllegalArgumentException e) {
      return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
  }
}
