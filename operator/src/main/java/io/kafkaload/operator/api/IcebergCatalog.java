package io.kafkaload.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Map;

/**
 * An Iceberg catalog. Credentials come only from {@code secretRef} (mounted as files); {@code
 * properties} is checked against an allowlist that refuses credentials and class names.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.type != 'Rest' || has(self.uri)",
    message = "catalog.uri: a Rest catalog needs uri, e.g. https://catalog.example.com")
@ValidationRule(
    value = "self.type != 'Hadoop' || has(self.warehouse)",
    message = "catalog.warehouse: a Hadoop catalog needs warehouse, e.g. s3a://bucket/warehouse")
@ValidationRule(
    value = "self.type != 'Jdbc' || (has(self.secretRef) && has(self.warehouse))",
    message = "catalog: a Jdbc catalog needs secretRef (keys url, user, password) and warehouse")
@ValidationRule(
    value = "self.type == 'Rest' || !has(self.uri)",
    message = "catalog.uri: only for a Rest catalog; remove uri")
public class IcebergCatalog {

  @Required
  @JsonPropertyDescription("Rest, Jdbc or Hadoop")
  private IcebergCatalogType type;

  @Pattern("^https?://")
  @JsonPropertyDescription("Rest: the catalog's URL")
  private String uri;

  @JsonPropertyDescription(
      "The warehouse location (Hadoop and Jdbc: e.g. s3a://bucket/warehouse; Rest: as the"
          + " catalog expects)")
  private String warehouse;

  @JsonPropertyDescription(
      "Secret with the credentials: Rest: key token, or credential (client-id:client-secret);"
          + " Jdbc: keys url, user, password")
  private SecretRef secretRef;

  @JsonPropertyDescription(
      "Further catalog properties, checked against an allowlist (no credentials, no class names)")
  private Map<String, String> properties;

  public IcebergCatalogType getType() {
    return type;
  }

  public void setType(IcebergCatalogType type) {
    this.type = type;
  }

  public String getUri() {
    return uri;
  }

  public void setUri(String uri) {
    this.uri = uri;
  }

  public String getWarehouse() {
    return warehouse;
  }

  public void setWarehouse(String warehouse) {
    this.warehouse = warehouse;
  }

  public SecretRef getSecretRef() {
    return secretRef;
  }

  public void setSecretRef(SecretRef secretRef) {
    this.secretRef = secretRef;
  }

  public Map<String, String> getProperties() {
    return properties;
  }

  public void setProperties(Map<String, String> properties) {
    this.properties = properties;
  }
}
