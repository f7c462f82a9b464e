package io.kafkaload.operator.status;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kafkaload.operator.api.LastRun;
import java.util.Optional;

/** Reads the worker's JSON run report (docs/worker-config.md) out of a termination message. */
public final class RunReports {

  /** Longest message copied into the status; a report's message is one line. */
  static final int MAX_MESSAGE = 1024;

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private RunReports() {}

  /**
   * The run summary in {@code terminationMessage}, or empty when it is not a JSON run report (for
   * example a crash before the worker could write one).
   */
  public static Optional<LastRun> parse(String jobName, String terminationMessage) {
    if (terminationMessage == null || terminationMessage.isBlank()) {
      return Optional.empty();
    }
    JsonNode report;
    try {
      report = MAPPER.readTree(terminationMessage);
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
    if (report == null || !report.isObject() || !report.hasNonNull("result")) {
      return Optional.empty();
    }
    LastRun run = new LastRun();
    run.setName(jobName);
    run.setResult(text(report, "result"));
    run.setMessage(truncate(text(report, "message")));
    run.setStartTime(text(report, "startTime"));
    run.setCompletionTime(text(report, "completionTime"));
    run.setRecordsRead(count(report, "recordsRead"));
    run.setRecordsWritten(count(report, "recordsWritten"));
    run.setRecordsRejected(count(report, "recordsRejected"));
    run.setRecordsFiltered(count(report, "recordsFiltered"));
    return Optional.of(run);
  }

  static String truncate(String message) {
    if (message == null || message.length() <= MAX_MESSAGE) {
      return message;
    }
    return message.substring(0, MAX_MESSAGE - 3) + "...";
  }

  private static String text(JsonNode report, String field) {
    JsonNode value = report.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  private static Long count(JsonNode report, String field) {
    JsonNode value = report.get(field);
    return value != null && value.canConvertToLong() ? value.asLong() : null;
  }
}
