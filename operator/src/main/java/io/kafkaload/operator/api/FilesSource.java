package io.kafkaload.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;

/**
 * Files to send: a file, a folder (every file under it, recursively) or a glob, as {@code
 * contract/SourceFilePaths} judges the path. The worker parses it; the operator mounts {@code
 * claimName} read-only at the path's base folder.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"path", "format", "claimName", "hivePartitioning", "csv"})
public class FilesSource {

  @Required
  @JsonPropertyDescription(
      "Absolute path: a file (/data/events.parquet), a folder (every file under it) or a glob"
          + " (*, ?, **, [..], {a,b}: /data/events/**/*.parquet); names starting with . or _ are"
          + " skipped")
  private String path;

  @JsonPropertyDescription(
      "Parquet, Json (JSON lines), Csv or Avro; optional when the path's last segment has the"
          + " extension (.parquet, .jsonl, .csv, .avro, ...)")
  private FileFormat format;

  @JsonPropertyDescription(
      "PersistentVolumeClaim mounted read-only at the path's base folder (the folder before any"
          + " glob, or the file's folder); without it nothing is mounted")
  private String claimName;

  @Default("true")
  @JsonPropertyDescription("Folders named key=value become columns key (default true)")
  private Boolean hivePartitioning;

  @JsonPropertyDescription("Format Csv only: the header line and the delimiter")
  private CsvOptions csv;

  public String getPath() {
    return path;
  }

  public void setPath(String path) {
    this.path = path;
  }

  public FileFormat getFormat() {
    return format;
  }

  public void setFormat(FileFormat format) {
    this.format = format;
  }

  public String getClaimName() {
    return claimName;
  }

  public void setClaimName(String claimName) {
    this.claimName = claimName;
  }

  public Boolean getHivePartitioning() {
    return hivePartitioning;
  }

  public void setHivePartitioning(Boolean hivePartitioning) {
    this.hivePartitioning = hivePartitioning;
  }

  public CsvOptions getCsv() {
    return csv;
  }

  public void setCsv(CsvOptions csv) {
    this.csv = csv;
  }
}
