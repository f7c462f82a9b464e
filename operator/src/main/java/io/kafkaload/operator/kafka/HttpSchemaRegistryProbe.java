package io.kafkaload.operator.kafka;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * {@code GET <url>/subjects} with HTTP basic auth, bounded by the probe timeout. Messages name the
 * URL and the HTTP status only; the URL never carries user information (the validator refuses it).
 */
@ApplicationScoped
public class HttpSchemaRegistryProbe implements SchemaRegistryProbe {

  /** One client for every probe (Java 17's HttpClient cannot be closed); requests set a timeout. */
  private final HttpClient client =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(5))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  @Override
  public ProbeResult probe(String url, String username, String password, Duration timeout) {
    URI subjects;
    try {
      subjects = URI.create(url.endsWith("/") ? url + "subjects" : url + "/subjects");
    } catch (IllegalArgumentException e) {
      return ProbeResult.failed(
          "InvalidSpec", "schema registry URL is not valid; fix spec.schemaRegistry.url");
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
    } catch (IOException e) {
      return ProbeResult.failed(
          "Unreachable",
          "schema registry %s did not answer: %s".formatted(url, AdminClientProbe.oneLine(e)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ProbeResult.failed("Unreachable", "schema registry probe interrupted");
    }
  }
}
