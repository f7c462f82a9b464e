package io.kafkaload.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/**
 * A PostgreSQL table. The connection (URL, user, password) comes from the Secret {@code secretRef},
 * mounted as files in the worker pod; the spec holds only the reference.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class JdbcSink {

  /** {@code table} or {@code schema.table}: unquoted PostgreSQL identifiers of 1 to 63 chars. */
  public static final String TABLE_PATTERN =
      "^[A-Za-z_][A-Za-z0-9_]{0,62}(\\.[A-Za-z_][A-Za-z0-9_]{0,62})?$";

  @Required
  @JsonPropertyDescription(
      "Secret with keys url (jdbc:postgresql://host:5432/db), user and password")
  private SecretRef secretRef;

  @Required
  @Pattern(TABLE_PATTERN)
  @JsonPropertyDescription("table or schema.table (letters, digits and _, at most 63 each)")
  private String table;

  @Default("false")
  @JsonPropertyDescription("Create the table from the load's columns when it is missing")
  private Boolean createTable;

  @Default("Append")
  @JsonPropertyDescription(
      "Append (default), Overwrite (replaces the table's rows in the run's transaction), Ignore"
          + " or ErrorIfExists (the last three Batch only)")
  private WriteMode writeMode;

  @Size(min = 1, max = 32)
  @JsonPropertyDescription("Upsert (INSERT ... ON CONFLICT) by these columns instead of appending")
  private List<String> keyColumns;

  public SecretRef getSecretRef() {
    return secretRef;
  }

  public void setSecretRef(SecretRef secretRef) {
    this.secretRef = secretRef;
  }

  public String getTable() {
    return table;
  }

  public void setTable(String table) {
    this.table = table;
  }

  public Boolean getCreateTable() {
    return createTable;
  }

  public void setCreateTable(Boolean createTable) {
    this.createTable = createTable;
  }

  public WriteMode getWriteMode() {
    return writeMode;
  }

  public void setWriteMode(WriteMode writeMode) {
    this.writeMode = writeMode;
  }

  public List<String> getKeyColumns() {
    return keyColumns;
  }

  public void setKeyColumns(List<String> keyColumns) {
    this.keyColumns = keyColumns;
  }
}
