package io.kafkaload.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;

/** How CSV source files are read. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"header", "delimiter"})
public class CsvOptions {

  @Default("true")
  @JsonPropertyDescription("The first line names the columns (default true)")
  private Boolean header;

  @Size(min = 1, max = 1)
  @Default("\",\"")
  @JsonPropertyDescription("The character between values: exactly one (default ,)")
  private String delimiter;

  public Boolean getHeader() {
    return header;
  }

  public void setHeader(Boolean header) {
    this.header = header;
  }

  public String getDelimiter() {
    return delimiter;
  }

  public void setDelimiter(String delimiter) {
    this.delimiter = delimiter;
  }
}
