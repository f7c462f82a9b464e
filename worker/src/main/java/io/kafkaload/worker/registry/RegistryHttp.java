package io.kafkaload.worker.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

/**
 * One request to the registry and what its answer means: a JSON body (2xx), a {@link Transient}
 * failure worth retrying (no connection, a timeout, 5xx, 408, 429), or a {@link RegistryException}
 * for everything a retry would not change, a failed TLS handshake included (an untrusted
 * certificate, a host name it is not for, https to a port that does not speak TLS). Holds the
 * Authorization header value and sends it on every request, to the configured host only: redirects
 * are not followed, so it never travels on. An https registry is checked against the given {@link
 * SSLContext} (the CAs of {@code tls.caSecretRef}), or the JVM's CAs without one; host names are
 * verified either way.
 */
final class RegistryHttp {

  static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  private static final String ACCEPT =
      "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json; qs=0.9,"
          + " application/json; qs=0.5";
  static final ObjectMapper JSON = new ObjectMapper();

  /** A failure a later attempt may not have. Carries no stack trace: it is expected, and logged. */
  static final class Transient extends Exception {
    Transient(String message, Throwable cause) {
      super(message, cause, false, false);
    }
  }

  private final HttpClient http;
  private final String baseUrl;
  private final String authorization;
  private final String secretName;
  private final Duration requestTimeout;
  private final String trustedCas;

  /**
   * @param tls the context an https registry's certificate is checked with, or null for the JVM's
   *     CAs
   * @param trustedCas where the CAs of {@code tls} come from (such as {@code Secret kafka-ca key
   *     ca.crt}), for messages; null with the JVM's CAs
   */
  RegistryHttp(
      String baseUrl,
      String authorization,
      String secretName,
      Duration requestTimeout,
      SSLContext tls,
      String trustedCas) {
    this.baseUrl = baseUrl;
    this.authorization = authorization;
    this.secretName = secretName;
    this.requestTimeout = requestTimeout;
    this.trustedCas = trustedCas;
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(requestTimeout)
            .followRedirects(HttpClient.Redirect.NEVER);
    if (tls != null) {
      builder.sslContext(tls);
    }
    this.http = builder.build();
  }

  String baseUrl() {
    return baseUrl;
  }

  /** GET {@code path} (starting with a slash, already encoded). */
  JsonNode get(String path) throws Transient {
    return send(path, null);
  }

  /** POST the JSON {@code body} to {@code path}. */
  JsonNode post(String path, String body) throws Transient {
    return send(path, body);
  }

  private JsonNode send(String path, String body) throws Transient {
    String what = (body == null ? "GET " : "POST ") + baseUrl + path;
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .timeout(requestTimeout)
            .header("Accept", ACCEPT);
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    if (body == null) {
      request.GET();
    } else {
      request.header("Content-Type", CONTENT_TYPE).POST(HttpRequest.BodyPublishers.ofString(body));
    }
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (HttpTimeoutException e) {
      throw new Transient(what + ": no answer within " + requestTimeout.toMillis() + " ms", e);
    } catch (IOException e) {
      SSLException tls = handshakeFailure(e);
      if (tls != null) {
        throw new RegistryException(
            RegistryException.Kind.AUTHENTICATION_FAILED,
            0,
            0,
            "AuthenticationFailed: "
                + what
                + ": TLS handshake failed: "
                + describe(tls)
                + "; "
                + tlsHint(),
            e);
      }
      throw new Transient(what + ": " + describe(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryException(
          RegistryException.Kind.UNAVAILABLE, 0, 0, what + ": interrupted", e);
    }
    int status = response.statusCode();
    JsonNode json = parse(response.body());
    if (status >= 200 && status < 300) {
      if (json == null || !json.isContainerNode()) {
        throw invalid(what, status, 0, "a body that is not JSON");
      }
      return json;
    }
    int errorCode =
        json != null && json.path("error_code").isInt() ? json.get("error_code").asInt() : 0;
    String detail = json == null ? "" : oneLine(json.path("message").asText(""));
    String answered = what + " answered " + status + (detail.isEmpty() ? "" : " (" + detail + ")");
    if (status >= 500 || status == 408 || status == 429) {
      throw new Transient(answered, null);
    }
    if (status == 401 || status == 403) {
      throw new RegistryException(
          RegistryException.Kind.AUTHENTICATION_FAILED,
          status,
          errorCode,
          "AuthenticationFailed: " + answered + ": " + authHint(status),
          null);
    }
    if ((status == 409 || status == 422) && body != null) {
      throw new RegistryException(
          RegistryException.Kind.REFUSED, status, errorCode, answered, null);
    }
    if (status == 404 && errorCode / 100 == 404) {
      throw new RegistryException(
          RegistryException.Kind.NOT_FOUND, status, errorCode, answered, null);
    }
    throw invalid(
        what,
        status,
        errorCode,
        "an answer a Schema Registry does not give"
            + (detail.isEmpty() ? "" : " (" + detail + ")"));
  }

  /**
   * The TLS failure in {@code e}'s chain that a retry would not change, or null: a connection
   * closed or reset during the handshake (a registry restarting, a proxy dropping it) is transient
   * like any other lost connection.
   */
  static SSLException handshakeFailure(Throwable e) {
    SSLException tls = null;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof EOFException || t instanceof SocketException) {
        return null;
      }
      if (tls == null && t instanceof SSLException ssl) {
        tls = ssl;
      }
    }
    return tls;
  }

  private String tlsHint() {
    String signer =
        trustedCas == null
            ? "a CA the JVM trusts; for a private CA set KafkaConnection"
                + " spec.security.tls.caSecretRef to a Secret key holding it (PEM)"
            : "a CA in "
                + trustedCas
                + " (KafkaConnection spec.security.tls.caSecretRef, which replaces the JVM's CAs:"
                + " add a public CA to that bundle if the registry uses one)";
    return "check that spec.schemaRegistry.url is the registry's https address and that its"
        + " certificate, valid for that host name, is signed by "
        + signer;
  }

  private String authHint(int status) {
    if (secretName == null) {
      return "the registry wants credentials; give them in a Secret with keys username and"
          + " password and name it in KafkaConnection spec.schemaRegistry.basicAuthSecretRef";
    }
    return status == 401
        ? "the username/password in Secret " + secretName + " were refused; check that Secret"
        : "the user in Secret " + secretName + " may not read this; grant it read access";
  }

  private RegistryException invalid(String what, int status, int errorCode, String got) {
    return new RegistryException(
        RegistryException.Kind.INVALID_RESPONSE,
        status,
        errorCode,
        what
            + " answered "
            + status
            + " with "
            + got
            + "; check KafkaConnection spec.schemaRegistry.url (a Confluent-compatible Schema"
            + " Registry, including any path prefix)",
        null);
  }

  private static JsonNode parse(String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * The exception's class and the first message in its chain ({@code ConnectException: Connection
   * refused}), or its class and its root cause's class when nothing says more (the JDK client
   * reports a refused connection as a bare ConnectException over a ClosedChannelException).
   */
  static String describe(Throwable e) {
    Throwable root = e;
    String message = null;
    for (Throwable t = e; t != null; t = t.getCause()) {
      root = t;
      if (message == null && t.getMessage() != null && !t.getMessage().isBlank()) {
        message = t.getMessage();
      }
    }
    String name = e.getClass().getSimpleName();
    if (message != null) {
      return oneLine(name + ": " + message);
    }
    return root == e ? name : name + " (" + root.getClass().getSimpleName() + ")";
  }

  static String oneLine(String text) {
    String line = text.replaceAll("\\s+", " ").trim();
    return line.length() > 200 ? line.substring(0, 200) + "..." : line;
  }
}
