package io.kafkaload.worker.source.files;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

/** JSON string literals. */
final class Json {
  private Json() {}

  static String quote(String text) {
    return '"' + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + '"';
  }
}
