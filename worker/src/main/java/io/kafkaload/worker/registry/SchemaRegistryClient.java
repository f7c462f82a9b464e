package io.kafkaload.worker.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.kafkaload.worker.config.ConnectionSpec;
import io.kafkaload.worker.security.SecretFiles;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small client of a Confluent-compatible Schema Registry (REST API v1) on the JDK's HttpClient:
 * {@link #schemaById} ({@code GET /schemas/ids/{id}}), {@link #latest} and {@link #version} ({@code
 * GET /subjects/{subject}/versions/{version}}), {@link #lookup} ({@code POST /subjects/{subject}}:
 * the id of a schema already registered under a subject), {@link #register} ({@code POST
 * /subjects/{subject}/versions}).
 *
 * <p>Caches: schemas by id (immutable in a registry, so kept until evicted; at most {@code
 * cacheSize} of them), lookups and fixed versions likewise; an unknown id is remembered for {@code
 * notFoundTtl} only, so a topic full of such records does not ask for it every time, and a registry
 * restored later is heard. {@code latest} is never cached.
 *
 * <p>Failures: no connection, a timeout, 5xx, 408 and 429 are retried with the {@link Backoff}; the
 * first failure of an outage is logged once (WARN), its end once (INFO). 401/403, 404 and answers
 * that are not a registry's are not retried: they throw a {@link RegistryException} of the matching
 * kind. Basic auth credentials come from a Secret (keys {@code username}, {@code password}) through
 * {@link SecretFiles}, go only into the Authorization header, and are never logged. An https
 * registry is checked against exactly the CA certificates of a {@link TrustedCa} when given (the
 * KafkaConnection's {@code security.tls.caSecretRef}), else against the JVM's; a failed TLS
 * handshake is a configuration problem, not retried: {@link
 * RegistryException.Kind#AUTHENTICATION_FAILED}. Thread-safe.
 */
public final class SchemaRegistryClient {
  private static final Logger LOG = LoggerFactory.getLogger(SchemaRegistryClient.class);

  /** Per-request timeout, retry policy, cache size and how long an unknown id stays unknown. */
  public record Settings(
      Duration requestTimeout, Backoff backoff, int cacheSize, Duration notFoundTtl) {

    public static Settings defaults() {
      return new Settings(
          Duration.ofSeconds(30), Backoff.UNTIL_AVAILABLE, 1000, Duration.ofSeconds(30));
    }
  }

  /**
   * The PEM CA certificate(s) an https registry is checked against instead of the JVM's, and the
   * Secret and key they were read from (named in messages).
   */
  public record TrustedCa(String secretName, String key, String pem) {

    /** Where the certificates come from, as messages name it. */
    String source() {
      return "Secret " + secretName + " key " + key;
    }

    @Override
    public String toString() {
      return "TrustedCa[" + source() + "]";
    }
  }

  private interface Attempt<T> {
    T run() throws RegistryHttp.Transient;
  }

  private final RegistryHttp http;
  private final Settings settings;
  private final LruCache<Integer, RegistrySchema> byId;
  private final LruCache<Integer, Missing> missing;
  private final LruCache<String, RegistrySchema> bySubject;
  private final AtomicLong outageSince = new AtomicLong(); // System.nanoTime(), 0 = none

  private record Missing(RegistryException answer, long untilNanos) {}

  /**
   * A client of {@code spec.url}, with the basic auth credentials of {@code
   * spec.basicAuthSecretRef} when given. Throws {@link io.kafkaload.worker.config.ConfigException}
   * for a missing or unusable URL, or a Secret that cannot be read.
   */
  public static SchemaRegistryClient create(
      ConnectionSpec.SchemaRegistry spec, SecretFiles secrets, Settings settings) {
    return create(spec, secrets, settings, null);
  }

  /**
   * As {@link #create(ConnectionSpec.SchemaRegistry, SecretFiles, Settings)}, an https registry
   * being checked against exactly the certificates of {@code ca} (null: the JVM's CAs). Throws
   * {@link io.kafkaload.worker.config.ConfigException} naming the Secret and key when {@code ca}
   * holds no certificate or one that cannot be read.
   */
  public static SchemaRegistryClient create(
      ConnectionSpec.SchemaRegistry spec, SecretFiles secrets, Settings settings, TrustedCa ca) {
    String url = RegistryUrls.checked(spec == null ? null : spec.url());
    String secret = spec.basicAuthSecretRef() == null ? null : spec.basicAuthSecretRef().name();
    String authorization = null;
    if (secret != null) {
      String user = secrets.read(secret, "username");
      String password = secrets.read(secret, "password");
      authorization =
          "Basic "
              + Base64.getEncoder()
                  .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
    SSLContext tls = ca == null ? null : RegistryTrust.context(ca.pem(), ca.source());
    return new SchemaRegistryClient(
        new RegistryHttp(
            url,
            authorization,
            secret,
            settings.requestTimeout(),
            tls,
            ca == null ? null : ca.source()),
        settings);
  }

  private SchemaRegistryClient(RegistryHttp http, Settings settings) {
    this.http = http;
    this.settings = settings;
    this.byId = new LruCache<>(settings.cacheSize());
    this.missing = new LruCache<>(settings.cacheSize());
    this.bySubject = new LruCache<>(settings.cacheSize());
  }

  /** The registry's base URL, without a trailing slash. */
  public String url() {
    return http.baseUrl();
  }

  /** The schema with this global id. */
  public RegistrySchema schemaById(int id) {
    RegistrySchema cached = byId.get(id);
    if (cached != null) {
      return cached;
    }
    Missing known = missing.get(id);
    if (known != null && System.nanoTime() - known.untilNanos() < 0) {
      throw known.answer();
    }
    try {
      JsonNode json = retrying(() -> http.get("/schemas/ids/" + id));
      RegistrySchema schema = schema(json, id, null, null);
      byId.put(id, schema);
      missing.remove(id);
      return schema;
    } catch (RegistryException e) {
      if (e.kind() == RegistryException.Kind.NOT_FOUND) {
        missing.put(id, new Missing(e, System.nanoTime() + settings.notFoundTtl().toNanos()));
      }
      throw e;
    }
  }

  /** The latest version of {@code subject}; asked every time (it changes). */
  public RegistrySchema latest(String subject) {
    return subjectSchema(retrying(() -> http.get(versionsPath(subject) + "/latest")));
  }

  /** Version {@code version} of {@code subject}. */
  public RegistrySchema version(String subject, int version) {
    String key = subject + '\0' + version;
    RegistrySchema cached = bySubject.get(key);
    if (cached != null) {
      return cached;
    }
    RegistrySchema schema =
        subjectSchema(retrying(() -> http.get(versionsPath(subject) + "/" + version)));
    bySubject.put(key, schema);
    return schema;
  }

  /** The id and version under which {@code schema} (Avro) is registered in {@code subject}. */
  public RegistrySchema lookup(String subject, String schema) {
    String key = subject + '\0' + '\0' + schema;
    RegistrySchema cached = bySubject.get(key);
    if (cached != null) {
      return cached;
    }
    String body = RegistryHttp.JSON.createObjectNode().put("schema", schema).toString();
    RegistrySchema found =
        subjectSchema(
            retrying(() -> http.post("/subjects/" + RegistryUrls.segment(subject), body)));
    bySubject.put(key, found);
    return found;
  }

  /**
   * Registers {@code schema} (Avro) under {@code subject}, or finds it there: its global id. The
   * registry's compatibility rules apply: a schema they refuse throws {@link
   * RegistryException.Kind#REFUSED} with the registry's message. Cached: a schema is registered
   * once per client.
   */
  public int register(String subject, String schema) {
    String key = subject + '\0' + '\0' + '\0' + schema;
    RegistrySchema cached = bySubject.get(key);
    if (cached != null) {
      return cached.id();
    }
    String body = RegistryHttp.JSON.createObjectNode().put("schema", schema).toString();
    JsonNode json = retrying(() -> http.post(versionsPath(subject), body));
    if (!json.path("id").isInt()) {
      throw badField("id", json);
    }
    int id = json.get("id").asInt();
    bySubject.put(
        key, new RegistrySchema(id, subject, null, RegistrySchema.AVRO, schema, List.of()));
    return id;
  }

  private <T> T retrying(Attempt<T> attempt) {
    long start = System.nanoTime();
    for (int failures = 1; ; failures++) {
      try {
        T result = attempt.run();
        recovered();
        return result;
      } catch (RegistryException e) {
        if (e.kind() != RegistryException.Kind.UNAVAILABLE) {
          recovered(); // it answered: whatever the answer, the outage is over
        }
        throw e;
      } catch (RegistryHttp.Transient e) {
        long wait = settings.backoff().jitteredMillis(failures);
        startOutage(e.getMessage());
        Duration giveUp = settings.backoff().giveUpAfter();
        long waited = (System.nanoTime() - start) / 1_000_000;
        if (giveUp != null && waited + wait > giveUp.toMillis()) {
          throw new RegistryException(
              RegistryException.Kind.UNAVAILABLE,
              0,
              0,
              e.getMessage() + "; gave up after " + failures + " attempts in " + waited + " ms",
              e);
        }
        LOG.debug(
            "schema registry attempt {} failed ({}); next in {} ms",
            failures,
            e.getMessage(),
            wait);
        sleep(wait, e);
      }
    }
  }

  private void startOutage(String why) {
    if (outageSince.compareAndSet(0, System.nanoTime() | 1)) {
      Backoff b = settings.backoff();
      LOG.warn(
          "Schema registry unavailable: {}; retrying with backoff ({} ms doubling to {} ms{}),"
              + " the records wait (none is rejected for it)",
          why,
          b.initial().toMillis(),
          b.max().toMillis(),
          b.giveUpAfter() == null
              ? ", until it answers"
              : ", for " + b.giveUpAfter().toMillis() + " ms");
    }
  }

  private void recovered() {
    long since = outageSince.getAndSet(0);
    if (since != 0) {
      LOG.info(
          "Schema registry {} answers again after {} ms",
          http.baseUrl(),
          (System.nanoTime() - since) / 1_000_000);
    }
  }

  private static void sleep(long millis, Exception failure) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryException(
          RegistryException.Kind.UNAVAILABLE, 0, 0, failure.getMessage() + "; interrupted", e);
    }
  }

  private RegistrySchema subjectSchema(JsonNode json) {
    if (!json.path("id").isInt()) {
      throw badField("id", json);
    }
    Integer version = json.path("version").isInt() ? json.get("version").asInt() : null;
    return schema(json, json.get("id").asInt(), json.path("subject").asText(null), version);
  }

  private RegistrySchema schema(JsonNode json, int id, String subject, Integer version) {
    JsonNode text = json.path("schema");
    if (!text.isTextual()) {
      throw badField("schema", json);
    }
    List<RegistrySchema.Reference> references = new ArrayList<>();
    for (JsonNode ref : json.path("references")) {
      if (!ref.path("name").isTextual()
          || !ref.path("subject").isTextual()
          || !ref.path("version").isInt()) {
        throw badField("references", json);
      }
      references.add(
          new RegistrySchema.Reference(
              ref.get("name").asText(), ref.get("subject").asText(), ref.get("version").asInt()));
    }
    return new RegistrySchema(
        id,
        subject,
        version,
        json.path("schemaType").asText(RegistrySchema.AVRO),
        text.asText(),
        List.copyOf(references));
  }

  private RegistryException badField(String field, JsonNode json) {
    return new RegistryException(
        RegistryException.Kind.INVALID_RESPONSE,
        200,
        0,
        "the answer of schema registry "
            + http.baseUrl()
            + " has no valid '"
            + field
            + "' field; check KafkaConnection spec.schemaRegistry.url",
        null);
  }

  private static String versionsPath(String subject) {
    return "/subjects/" + RegistryUrls.segment(subject) + "/versions";
  }
}
