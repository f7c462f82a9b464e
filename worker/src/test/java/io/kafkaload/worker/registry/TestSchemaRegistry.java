package io.kafkaload.worker.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

/**
 * A small in-process Schema Registry for tests (JDK HttpServer on 127.0.0.1, a free port) that
 * answers like Confluent's: {@code GET /schemas/ids/{id}}, {@code GET
 * /subjects/{s}/versions/{latest|n}}, {@code POST /subjects/{s}/versions} (register: a schema
 * already known keeps its id), {@code POST /subjects/{s}} (lookup), errors as {@code
 * {"error_code":40403,"message":...}}. Paths may carry the prefix {@code /registry}.
 *
 * <p>Switches: {@link #requireBasicAuth}, {@link #failNext} (answer a status such as 503 to the
 * next n requests, then recover), {@link #delay} (answer late, for timeouts), {@link #forbid}.
 * {@link #requests()} counts what reached it. Registering over HTTP checks the subject's
 * compatibility like Confluent's default, BACKWARD (the new schema reads what the latest wrote), or
 * none ({@link #compatibility}): an incompatible schema gets 409, one that does not parse 422.
 */
public final class TestSchemaRegistry implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern ID = Pattern.compile("/schemas/ids/(-?\\d+)");
  private static final Pattern VERSION =
      Pattern.compile("/subjects/([^/]+)/versions/(latest|\\d+)");
  private static final Pattern REGISTER = Pattern.compile("/subjects/([^/]+)/versions");
  private static final Pattern LOOKUP = Pattern.compile("/subjects/([^/]+)");

  private record Entry(String type, String schema, JsonNode references) {}

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(4);
  private final Map<Integer, Entry> byId = new HashMap<>();
  private final Map<String, List<Integer>> subjects = new HashMap<>();
  private final AtomicInteger requests = new AtomicInteger();
  private final List<String> authorizations = new ArrayList<>();
  private final Map<String, String> compatibility = new HashMap<>();
  private int nextId = 1;
  private volatile String expectedAuth;
  private volatile int failures;
  private volatile int failStatus;
  private volatile long delayMillis;
  private volatile boolean forbidden;

  public TestSchemaRegistry() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public synchronized void nextId(int id) {
    nextId = id;
  }

  /** Registers an Avro schema under {@code subject}; returns its id. */
  public int register(String subject, String schema) {
    return register(subject, "AVRO", schema, null);
  }

  public synchronized int register(String subject, String type, String schema, JsonNode refs) {
    Integer id = null;
    for (Map.Entry<Integer, Entry> e : byId.entrySet()) {
      if (e.getValue().schema().equals(schema) && e.getValue().type().equals(type)) {
        id = e.getKey();
      }
    }
    if (id == null) {
      id = nextId++;
      byId.put(id, new Entry(type, schema, refs));
    }
    List<Integer> versions = subjects.computeIfAbsent(subject, s -> new ArrayList<>());
    if (!versions.contains(id)) {
      versions.add(id);
    }
    return id;
  }

  /** The compatibility level of {@code subject}: BACKWARD (the default) or NONE. */
  public synchronized void compatibility(String subject, String level) {
    compatibility.put(subject, level);
  }

  /** The schema of each version of {@code subject}, in order (empty when it has none). */
  public synchronized List<String> versions(String subject) {
    List<String> out = new ArrayList<>();
    for (int id : subjects.getOrDefault(subject, List.of())) {
      out.add(byId.get(id).schema());
    }
    return out;
  }

  public void requireBasicAuth(String username, String password) {
    expectedAuth =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /** The next {@code n} requests get {@code status} (with a registry error body). */
  public void failNext(int n, int status) {
    failStatus = status;
    failures = n;
  }

  public void delay(long millis) {
    delayMillis = millis;
  }

  public void forbid(boolean on) {
    forbidden = on;
  }

  public int requests() {
    return requests.get();
  }

  /** The Authorization headers received, in order (null when absent). */
  public synchronized List<String> authorizations() {
    return new ArrayList<>(authorizations);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      requests.incrementAndGet();
      String auth = exchange.getRequestHeaders().getFirst("Authorization");
      synchronized (this) {
        authorizations.add(auth);
      }
      if (delayMillis > 0) {
        Thread.sleep(delayMillis);
      }
      if (failures > 0) {
        failures--;
        send(exchange, failStatus, error(50003, "induced failure"));
        return;
      }
      if (expectedAuth != null && !expectedAuth.equals(auth)) {
        send(exchange, 401, error(40101, "Unauthorized"));
        return;
      }
      if (forbidden) {
        send(exchange, 403, error(40301, "User cannot access the resource"));
        return;
      }
      String path = exchange.getRequestURI().getRawPath().replaceFirst("^/registry(?=/)", "");
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      route(exchange, exchange.getRequestMethod(), path, body);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private synchronized void route(HttpExchange ex, String method, String path, String body)
      throws IOException {
    Matcher m;
    if (method.equals("GET") && (m = ID.matcher(path)).matches()) {
      Entry e = byId.get(Integer.parseInt(m.group(1)));
      if (e == null) {
        send(ex, 404, error(40403, "Schema " + m.group(1) + " not found"));
        return;
      }
      ObjectNode out = JSON.createObjectNode().put("schema", e.schema());
      if (!e.type().equals("AVRO")) {
        out.put("schemaType", e.type());
      }
      if (e.references() != null) {
        out.set("references", e.references());
      }
      send(ex, 200, out.toString());
    } else if (method.equals("GET") && (m = VERSION.matcher(path)).matches()) {
      String subject = URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
      List<Integer> versions = subjects.get(subject);
      if (versions == null) {
        send(ex, 404, error(40401, "Subject '" + subject + "' not found."));
        return;
      }
      int version = m.group(2).equals("latest") ? versions.size() : Integer.parseInt(m.group(2));
      if (version < 1 || version > versions.size()) {
        send(ex, 404, error(40402, "Version " + version + " not found."));
        return;
      }
      send(ex, 200, subjectAnswer(subject, versions.get(version - 1), version));
    } else if (method.equals("POST") && (m = REGISTER.matcher(path)).matches()) {
      JsonNode request = JSON.readTree(body);
      String subject = URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
      String type = request.path("schemaType").asText("AVRO");
      String text = request.path("schema").asText();
      if (type.equals("AVRO")) {
        String refusal = refusal(subject, text);
        if (refusal != null) {
          send(ex, refusal.contains("\"error_code\":42201") ? 422 : 409, refusal);
          return;
        }
      }
      int id = register(subject, type, text, request.get("references"));
      send(ex, 200, JSON.createObjectNode().put("id", id).toString());
    } else if (method.equals("POST") && (m = LOOKUP.matcher(path)).matches()) {
      String subject = URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
      List<Integer> versions = subjects.get(subject);
      if (versions == null) {
        send(ex, 404, error(40401, "Subject '" + subject + "' not found."));
        return;
      }
      String schema = JSON.readTree(body).path("schema").asText();
      for (int i = 0; i < versions.size(); i++) {
        if (byId.get(versions.get(i)).schema().equals(schema)) {
          send(ex, 200, subjectAnswer(subject, versions.get(i), i + 1));
          return;
        }
      }
      send(ex, 404, error(40403, "Schema not found"));
    } else {
      send(ex, 404, "<html>no such page</html>"); // not a registry answer: no error_code
    }
  }

  /** Why registering {@code text} under {@code subject} is refused (an error body), or null. */
  private String refusal(String subject, String text) {
    Schema schema;
    try {
      schema = new Schema.Parser().parse(text);
    } catch (RuntimeException e) {
      return error(42201, "Invalid schema " + text + ": " + e.getMessage());
    }
    List<Integer> versions = subjects.get(subject);
    if (versions == null
        || versions.isEmpty()
        || compatibility.getOrDefault(subject, "BACKWARD").equals("NONE")) {
      return null;
    }
    Schema latest = new Schema.Parser().parse(byId.get(versions.get(versions.size() - 1)).schema());
    SchemaCompatibility.SchemaPairCompatibility check =
        SchemaCompatibility.checkReaderWriterCompatibility(schema, latest);
    if (check.getType() == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
      return null;
    }
    return error(
        409,
        "Schema being registered is incompatible with an earlier schema for subject \""
            + subject
            + "\", details: "
            + check.getResult().getIncompatibilities());
  }

  private String subjectAnswer(String subject, int id, int version) {
    Entry e = byId.get(id);
    ObjectNode out =
        JSON.createObjectNode()
            .put("subject", subject)
            .put("id", id)
            .put("version", version)
            .put("schema", e.schema());
    if (!e.type().equals("AVRO")) {
      out.put("schemaType", e.type());
    }
    return out.toString();
  }

  private static String error(int code, String message) {
    return JSON.createObjectNode().put("error_code", code).put("message", message).toString();
  }

  private static void send(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/vnd.schemaregistry.v1+json");
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
  }
}
