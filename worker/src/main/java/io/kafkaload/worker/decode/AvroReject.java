package io.kafkaload.worker.decode;

/**
 * Why an Avro body cannot become a row, thrown from deep in the conversion and caught once by
 * {@link AvroDecoder}. On its way up each record, array and map adds its step to {@link #path}, so
 * the reason names the field ({@code items[3].name}). No stack trace: it is an expected outcome for
 * bad input, not a bug.
 */
final class AvroReject extends RuntimeException {
  private String path = "";

  AvroReject(String message) {
    super(message, null, false, false);
  }

  /** Prefixes a step: a field name, or an index such as {@code [3]}. */
  AvroReject in(String step) {
    if (path.isEmpty()) {
      path = step;
    } else if (path.charAt(0) == '[') {
      path = step + path;
    } else {
      path = step + "." + path;
    }
    return this;
  }

  /** The dotted path to the value that failed, or empty for the record itself. */
  String path() {
    return path;
  }
}
