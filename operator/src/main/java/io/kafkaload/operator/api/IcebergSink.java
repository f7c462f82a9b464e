package io.kafkaload.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** An Apache Iceberg table in a catalog; data files and offsets are committed in one snapshot. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!has(self.writeMode) || self.writeMode == 'Append' || self.writeMode == 'Overwrite'",
    message = "sink.iceberg.writeMode: Append or Overwrite only")
public class IcebergSink {

  @Required
  @JsonPropertyDescription("The catalog: Rest (uri), Jdbc (secretRef, warehouse) or Hadoop")
  private IcebergCatalog catalog;

  @Required
  @JsonPropertyDescription("The table's namespace (levels separated by dots)")
  private String namespace;

  @Required
  @JsonPropertyDescription("The table's name")
  private String table;

  @Default("false")
  @JsonPropertyDescription("Create the table from the load's columns when it is missing")
  private Boolean createTable;

  @Size(max = 16)
  @JsonPropertyDescription(
      "Iceberg transforms: day(ts), hour(ts), month(ts), year(ts), bucket(16, id),"
          + " truncate(4, name), identity(region), or a column name")
  private List<String> partitionBy;

  @Default("Append")
  @JsonPropertyDescription("Append (default) or Overwrite (a replacing snapshot; Batch only)")
  private WriteMode writeMode;

  public IcebergCatalog getCatalog() {
    return catalog;
  }

  public void setCatalog(IcebergCatalog catalog) {
    this.catalog = catalog;
  }

  public String getNamespace() {
    return namespace;
  }

  public void setNamespace(String namespace) {
    this.namespace = namespace;
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

  public List<String> getPartitionBy() {
    return partitionBy;
  }

  public void setPartitionBy(List<String> partitionBy) {
    this.partitionBy = partitionBy;
  }

  public WriteMode getWriteMode() {
    return writeMode;
  }

  public void setWriteMode(WriteMode writeMode) {
    this.writeMode = writeMode;
  }
}
