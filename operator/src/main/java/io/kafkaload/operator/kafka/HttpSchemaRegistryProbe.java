package io.kafkaload.operator.kafka;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.net.ssl.SSLException;

/**
 * {@code GET <url>/subjects} with HTTP basic auth, bounded by the probe timeout. An https
 * registry's certificate is checked against the connection's CA ({@code tls.caSecretRef}) when it
 * has one, else against the JVM's default CAs. Messages name the URL and the HTTP status only; the
 * URL never carries user information (the validator refuses it).
 */
@ApplicationScoped
public class HttpSchemaRegistryProbe implements SchemaRegistryProbe {

  /** Clients kept per trusted CA bundle: at most this many distinct bundles. */
  private static final int MAX_CLIENTS = 16;

  /** The client trusting the JVM's default CAs. */
  private final HttpClient defaultClient = builder().build();

  /**
   * Clients per CA bundle (PEM text: public certificates, no secret): Java 17's HttpClient cannot
   * be closed, so one is kept per bundle instead of one per probe; the least recently used goes.
   */
  private final Map<String, HttpClient> clientsByCa =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, HttpClient> eldest) {
          return size() > MAX_CLIENTS;
        }
      };

  @Override
  public ProbeResult probe(
      String url, String username, String password, String trustedCertificates, Duration timeout) {
    URI subjects;
    try {
      subjects = URI.create(url.endsWith("/") ? url + "subjects" : url + "/subjects");
    } catch (IllegalArgumentException e) {
      return ProbeResult.failed(
          "InvalidSpec", "schema registry URL is not valid; fix spec.schemaRegistry.url");
    }
    HttpClient client;
    try {
      client = client(trustedCertificates);
    } catch (GeneralSecurityException e) {
      return ProbeResult.failed(
          "SecretMissing",
          "the CA of spec.security.tls.caSecretRef cannot be used for schema registry %s: %s; put"
                  .formatted(url, AdminClientProbe.oneLine(e))
              + " the PEM CA certificate(s) in the Secret's key");
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(subjects)
            .timeout(timeout)
            .header("Accept", "application/vnd.schemaregistry.v1+json, application/json")
            .GET();
    if (username != null && password != null) {
      String token =
          Base64.getEncoder()
              .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
      request.header("Authorization", "Basic " + token);
    }
    try {
      int status =
          client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
      if (status >= 200 && status < 300) {
        return null;
      }
      if (status == 401 || status == 403) {
        return ProbeResult.failed(
            "AuthenticationFailed",
            "schema registry %s refused the credentials (HTTP %d); check the Secret of"
                    .formatted(url, status)
                + " spec.schemaRegistry.basicAuthSecretRef");
      }
      return ProbeResult.failed(
          "Unreachable",
          "schema registry %s answered HTTP %d to GET /subjects".formatted(url, status));
    } catch (SSLException e) {
      return tlsFailure(url, e, trustedCertificates);
    } catch (IOException e) {
      if (e.getCause() instanceof SSLException tls) {
        return tlsFailure(url, tls, trustedCertificates);
      }
      return ProbeResult.failed(
          "Unreachable",
          "schema registry %s did not answer: %s".formatted(url, AdminClientProbe.oneLine(e)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ProbeResult.failed("Unreachable", "schema registry probe interrupted");
    }
  }

  /** An untrusted certificate (or another handshake failure), with where the trust comes from. */
  private static ProbeResult tlsFailure(String url, SSLException e, String trustedCertificates) {
    return ProbeResult.failed(
        "AuthenticationFailed",
        "TLS handshake with schema registry %s failed: %s; its certificate must be signed by %s"
            .formatted(
                url,
                AdminClientProbe.oneLine(e),
                trustedCertificates == null
                    ? "a CA the JVM trusts, or set spec.security.tls.caSecretRef to its CA"
                    : "a CA in spec.security.tls.caSecretRef"));
  }

  private HttpClient client(String trustedCertificates) throws GeneralSecurityException {
    if (trustedCertificates == null) {
      return defaultClient;
    }
    synchronized (clientsByCa) {
      HttpClient client = clientsByCa.get(trustedCertificates);
      if (client == null) {
        client = builder().sslContext(RegistryTrust.context(trustedCertificates)).build();
        clientsByCa.put(trustedCertificates, client);
      }
      return client;
    }
  }

  private static HttpClient.Builder builder() {
    return HttpClient.newBuilder()
        .connectTimeout(Duration.ofSeconds(5))
        .followRedirects(HttpClient.Redirect.NEVER);
  }
}
