package io.kafkaload.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import java.util.List;

/** Files named from topic, partition and offset range, written into {@code path}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FilesSink {

  @Required
  @JsonPropertyDescription(
      "Absolute folder the files are written to; with coalesce 1 it may name the file itself"
          + " (/data/out.parquet)")
  private String path;

  @Default("Parquet")
  @JsonPropertyDescription("Parquet, Json (JSON lines), Csv (with a header line) or Avro")
  private FileFormat format;

  // No schema default: it depends on the format (Parquet Zstd, Avro Snappy, others None).
  @JsonPropertyDescription(
      "Parquet: Zstd (default), Snappy, Gzip, Lz4, None; Json and Csv: Gzip, Zstd, None"
          + " (default); Avro: Snappy (default), Deflate, Zstd, None")
  private Compression compression;

  @JsonPropertyDescription("Columns of hive-style folders col=value/ under path")
  private List<String> partitionBy;

  @Min(1)
  @JsonPropertyDescription("Batch: the number of files a run writes")
  private Integer coalesce;

  @Default("Append")
  @JsonPropertyDescription(
      "Append (default), Overwrite, Ignore or ErrorIfExists (the last three Batch only)")
  private WriteMode writeMode;

  @JsonPropertyDescription(
      "PersistentVolumeClaim mounted at path in the pod; without it an emptyDir (trials only)")
  private String claimName;

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

  public Compression getCompression() {
    return compression;
  }

  public void setCompression(Compression compression) {
    this.compression = compression;
  }

  public List<String> getPartitionBy() {
    return partitionBy;
  }

  public void setPartitionBy(List<String> partitionBy) {
    this.partitionBy = partitionBy;
  }

  public Integer getCoalesce() {
    return coalesce;
  }

  public void setCoalesce(Integer coalesce) {
    this.coalesce = coalesce;
  }

  public WriteMode getWriteMode() {
    return writeMode;
  }

  public void setWriteMode(WriteMode writeMode) {
    this.writeMode = writeMode;
  }

  public String getClaimName() {
    return claimName;
  }

  public void setClaimName(String claimName) {
    this.claimName = claimName;
  }
}
