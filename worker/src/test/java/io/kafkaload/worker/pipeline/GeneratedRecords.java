package io.kafkaload.worker.pipeline;

import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Generators of hostile Kafka records for property tests: JSON values with random nesting, member
 * names including empty, duplicate, case-varied and metadata names, numbers at every edge, strings
 * with every Unicode plane and control character (lone surrogates as escapes), long values; keys
 * that are absent, empty, text or any bytes; Kafka timestamps up to {@code Long.MAX_VALUE}.
 */
final class GeneratedRecords {

  private GeneratedRecords() {}

  /** A record to produce: its value, key (may be null) and timestamp. */
  record Gen(byte[] value, byte[] key, long timestamp) {
    String text() {
      return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
      String v = text();
      return "Gen[value="
          + (v == null ? null : v.length() > 300 ? v.substring(0, 300) + "..." : v)
          + ", key="
          + (key == null ? null : java.util.HexFormat.of().formatHex(key))
          + ", timestamp="
          + timestamp
          + "]";
    }
  }

  static final List<String> EDGE_NUMBERS =
      List.of(
          "0",
          "-0",
          "1",
          "-1",
          "0.0",
          "-0.0",
          "1.5",
          "0.1",
          "1E2",
          "1e-2",
          "2.5e+3",
          "9007199254740992",
          "9007199254740993",
          "-9007199254740993",
          "9223372036854775807",
          "9223372036854775808",
          "-9223372036854775808",
          "-9223372036854775809",
          "18446744073709551615",
          "18446744073709551616",
          "123456789012345678901234567890123456789",
          "1e308",
          "1.7976931348623157e308",
          "1.8e308",
          "1e400",
          "-1e400",
          "4.9e-324",
          "2e-324",
          "1e-400",
          "-1e-400",
          "0.30000000000000004",
          "1.00000000000000000000001");

  static Arbitrary<Gen> records() {
    Arbitrary<byte[]> value =
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(12, row().map(s -> s.getBytes(StandardCharsets.UTF_8))),
            net.jqwik.api.Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMaxSize(40)),
            net.jqwik.api.Tuple.of(1, value(1).map(s -> s.getBytes(StandardCharsets.UTF_8))),
            net.jqwik.api.Tuple.of(1, Arbitraries.just((byte[]) null)));
    Arbitrary<byte[]> key =
        Arbitraries.oneOf(
            Arbitraries.just((byte[]) null),
            Arbitraries.just(new byte[0]),
            string(40).map(s -> s.getBytes(StandardCharsets.UTF_8)),
            Arbitraries.bytes().array(byte[].class).ofMaxSize(20));
    Arbitrary<Long> timestamp =
        Arbitraries.oneOf(
            Arbitraries.longs().between(0, 4_102_444_800_000L),
            Arbitraries.of(0L, Long.MAX_VALUE / 1000, Long.MAX_VALUE / 1000 + 1, Long.MAX_VALUE),
            Arbitraries.longs().between(Long.MAX_VALUE / 1000, Long.MAX_VALUE));
    return Combinators.combine(value, key, timestamp).as(Gen::new);
  }

  /** A JSON object with generated members. */
  static Arbitrary<String> row() {
    Arbitrary<String> member =
        Combinators.combine(name(), value(3)).as((n, v) -> quote(n) + ":" + v);
    return member.list().ofMaxSize(8).map(m -> "{" + String.join(",", m) + "}");
  }

  static Arbitrary<String> name() {
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(6, Arbitraries.of("a", "b", "amount", "tags", "user", "p")),
        net.jqwik.api.Tuple.of(
            1, Arbitraries.of("A", "Amount", "", "_offset", "_KEY", "_timestamp")),
        net.jqwik.api.Tuple.of(2, string(12)),
        net.jqwik.api.Tuple.of(1, Arbitraries.strings().alpha().ofLength(300)));
  }

  static Arbitrary<String> value(int depth) {
    Arbitrary<String> scalar =
        Arbitraries.oneOf(
            Arbitraries.of(EDGE_NUMBERS),
            Arbitraries.longs().map(String::valueOf),
            Arbitraries.doubles()
                .map(String::valueOf)
                .filter(s -> !s.contains("N") && !s.contains("I")),
            Arbitraries.of("true", "false", "null"),
            string(30).map(GeneratedRecords::quote),
            Arbitraries.strings()
                .withCharRange('a', 'z')
                .ofMinLength(250)
                .ofMaxLength(400)
                .map(GeneratedRecords::quote));
    if (depth == 0) {
      return scalar;
    }
    Arbitrary<String> object =
        Combinators.combine(name(), value(depth - 1))
            .as((n, v) -> quote(n) + ":" + v)
            .list()
            .ofMaxSize(4)
            .map(m -> "{" + String.join(",", m) + "}");
    Arbitrary<String> array =
        value(depth - 1).list().ofMaxSize(4).map(m -> "[" + String.join(",", m) + "]");
    Arbitrary<String> deep =
        Arbitraries.oneOf(
                // about the limit without a schema (16 levels), and about DuckDB's own (128)
                Arbitraries.integers().between(12, 18), Arbitraries.integers().between(120, 135))
            .map(n -> "[".repeat(n) + "]".repeat(n));
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(6, scalar),
        net.jqwik.api.Tuple.of(2, object),
        net.jqwik.api.Tuple.of(2, array),
        net.jqwik.api.Tuple.of(1, deep));
  }

  /** Any UTF-16 text: every plane, controls and lone surrogates (escaped in {@link #quote}). */
  static Arbitrary<String> string(int maxLength) {
    return Arbitraries.strings().all().ofMaxLength(maxLength);
  }

  /** A JSON string: quotes, backslashes, controls and surrogates escaped, the rest as UTF-8. */
  static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20 || Character.isSurrogate(c)) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append('"').toString();
  }
}
