package io.kafkaload.worker.validate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

/**
 * Whether a {@code json} field's value (already checked as JSON by the validator's scan) has an
 * object with one member name twice. Such a value is ambiguous: PostgreSQL's {@code jsonb} keeps
 * the last one, other readers the first, so writing it would change it silently for some of them;
 * the record is rejected instead, as a load without a schema rejects it anywhere in the row.
 */
final class JsonNames {

  private static final JsonFactory JSON =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxStringLength(Integer.MAX_VALUE)
                  .maxNumberLength(Integer.MAX_VALUE)
                  .maxNameLength(Integer.MAX_VALUE)
                  .maxNestingDepth(Integer.MAX_VALUE)
                  .build())
          .build();

  private JsonNames() {}

  /** A reason when an object of {@code b[s, e)} has a member name twice, else null. */
  static String repeatedName(byte[] b, int s, int e) {
    try (JsonParser p = JSON.createParser(b, s, e - s)) {
      Deque<Set<String>> names = new ArrayDeque<>();
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        switch (t) {
          case START_OBJECT -> names.push(new HashSet<>());
          case END_OBJECT -> names.pop();
          case FIELD_NAME -> {
            if (!names.peek().add(p.currentName())) {
              long at = p.currentTokenLocation().getByteOffset();
              return "holds an object with a member name twice (at byte "
                  + (at < 0 ? "?" : String.valueOf(at + 1))
                  + " of the value): JSON readers disagree on which one counts; send each"
                  + " name once";
            }
          }
          default -> {}
        }
      }
      return null;
    } catch (IOException notRead) {
      // the validator's own scan accepted it; a reader limit is not this check's business
      return null;
    }
  }
}
