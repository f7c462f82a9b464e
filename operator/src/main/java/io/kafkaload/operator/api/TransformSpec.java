package io.kafkaload.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A SQL query over the validated rows, run by the worker in DuckDB. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TransformSpec {

  @JsonPropertyDescription(
      "DuckDB SQL: one SELECT (or WITH ... SELECT) over the table message, the validated rows;"
          + " rows it does not return are counted as filtered")
  private String sql;

  public String getSql() {
    return sql;
  }

  public void setSql(String sql) {
    this.sql = sql;
  }
}
