package io.kafkaload.operator.kafka;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The decoded values of the Secret keys a connection needs, held in memory only for the operator's
 * own probe. Never logged, never written anywhere: {@link #toString()} names keys only.
 */
public final class SecretValues {

  private final Map<String, Map<String, String>> values;

  private SecretValues(Map<String, Map<String, String>> values) {
    this.values = values;
  }

  /** No Secrets (a connection without references). */
  public static SecretValues none() {
    return new SecretValues(Map.of());
  }

  /**
   * Reads what {@code needed} names through {@code lookup} (Secret name to its decoded data, empty
   * when the Secret does not exist).
   *
   * @return the values, or the one-line problem naming the missing Secret or key
   */
  public static Result read(
      List<SecretRefs.Needed> needed, Function<String, Optional<Map<String, String>>> lookup) {
    Map<String, Map<String, String>> found = new java.util.TreeMap<>();
    for (SecretRefs.Needed need : needed) {
      if (!found.containsKey(need.secret())) {
        Optional<Map<String, String>> data = lookup.apply(need.secret());
        if (data.isEmpty()) {
          return Result.missing(
              "Secret %s (%s) not found in the connection's namespace; create it"
                  .formatted(need.secret(), need.field()));
        }
        found.put(need.secret(), data.get());
      }
      String value = found.get(need.secret()).get(need.key());
      if (value == null || value.isEmpty()) {
        return Result.missing(
            "Secret %s (%s) has no key %s; add it"
                .formatted(need.secret(), need.field(), need.key()));
      }
    }
    return new Result(new SecretValues(Map.copyOf(found)), null);
  }

  /** The value of {@code key} in Secret {@code secret}. */
  public String get(String secret, String key) {
    Map<String, String> data = values.get(secret);
    return data == null ? null : data.get(key);
  }

  @Override
  public String toString() {
    return "SecretValues" + values.keySet();
  }

  /**
   * Outcome of reading the Secrets.
   *
   * @param values the values, when all were found
   * @param missing the problem, when one was not
   */
  public record Result(SecretValues values, String missing) {
    static Result missing(String problem) {
      return new Result(null, problem);
    }

    /** Whether every Secret and key was found. */
    public boolean complete() {
      return missing == null;
    }
  }
}
