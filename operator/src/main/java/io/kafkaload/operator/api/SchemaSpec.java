package io.kafkaload.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** How each row is validated: typed fields, privacy rules, computed columns, unknown fields. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SchemaSpec {

  @Default("Ignore")
  @JsonPropertyDescription(
      "Fields the schema does not name: Ignore (dropped), Keep (written, types inferred) or"
          + " Reject (the record is rejected)")
  private UnknownFields unknownFields;

  @JsonPropertyDescription("A Secret key whose bytes salt the Md5 and Sha256 privacy rules")
  private SaltSecretRef salt;

  // Bounded so the API server's cost estimate of the per-field CEL rule stays small.
  @Size(max = 1000)
  @JsonPropertyDescription("The fields, each by (dotted) name; at most 1000")
  private List<SchemaField> fields;

  public UnknownFields getUnknownFields() {
    return unknownFields;
  }

  public void setUnknownFields(UnknownFields unknownFields) {
    this.unknownFields = unknownFields;
  }

  public SaltSecretRef getSalt() {
    return salt;
  }

  public void setSalt(SaltSecretRef salt) {
    this.salt = salt;
  }

  public List<SchemaField> getFields() {
    return fields;
  }

  public void setFields(List<SchemaField> fields) {
    this.fields = fields;
  }
}
