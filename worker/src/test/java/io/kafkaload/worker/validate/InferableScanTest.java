package io.kafkaload.worker.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkaload.worker.decode.JsonDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The check of schemaless rows run inside the decoder's pass ({@link InferableScan}) gives the same
 * reasons, at the same bytes, and teaches the load the same columns as {@link InferableRow#check}
 * parsing each row again: rows fed in the same order to both must get equal answers.
 */
class InferableScanTest {

  private static final JsonDecoder DECODER = new JsonDecoder();

  /** The decoder's reason (prefixed), or the scan's. */
  private static String scan(InferableScan scan, String json) {
    byte[] value = json.getBytes(StandardCharsets.UTF_8);
    scan.begin();
    String decoded = DECODER.check(value, new JsonDecoder.Shape(), scan);
    String inferred = scan.end(decoded == null);
    return decoded != null ? "decode: " + decoded : inferred;
  }

  /** The answers of both checks to {@code rows}, in order, as (parsed, scanned) pairs. */
  private static List<List<String>> both(List<String> metadata, String... rows) {
    InferableRow parsed = new InferableRow(metadata, true);
    InferableScan scanned = new InferableScan(new InferableRow(metadata, true));
    List<List<String>> answers = new ArrayList<>();
    for (String row : rows) {
      String s = scan(scanned, row);
      String p = s != null && s.startsWith("decode: ") ? s : parsed.check(bytes(row));
      answers.add(java.util.Arrays.asList(p, s));
    }
    return answers;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static void assertSame(List<String> metadata, String... rows) {
    for (List<String> pair : both(metadata, rows)) {
      assertThat(pair.get(1)).isEqualTo(pair.get(0));
    }
  }

  @Test
  void everyRuleGivesTheSameReasonAtTheSameByte() {
    InferableScan scan = new InferableScan(new InferableRow(List.of("_offset", "_key"), true));
    assertThat(scan(scan, "{\"id\":1,\"_OFFSET\":5}"))
        .startsWith("member _offset at byte 8 has the name of a Kafka metadata column");
    assertThat(scan(scan, " {\"a\":{\"\":1}}")).startsWith("empty member name at byte 7");
    assertThat(scan(scan, "{\"a\\u0000\":1}")).startsWith("member name at byte 1 holds");
    assertThat(scan(scan, "{\"a\":1,\"A\":2}")).startsWith("member name at byte 7 appears twice");
    assertThat(scan(scan, "{\"n\":18446744073709551616}")).startsWith("integer at byte 5 is");
    assertThat(scan(scan, "{\"d\":1e400}")).startsWith("number at byte 5 is out of range");
    assertThat(scan(scan, "{\"d\":-1e-400}")).startsWith("number at byte 5 is out of range");
    assertThat(scan(scan, "{\"x\":" + "[".repeat(16) + "]".repeat(16) + "}"))
        .startsWith("nesting deeper than 16 levels at byte 20");
    assertThat(scan(scan, "{\"x\":" + "[".repeat(15) + "]".repeat(15) + "}")).isNull();
    assertThat(scan(scan, "{\"Amount\":1,\"tags\":[\"a\"]}")).isNull();
    assertThat(scan(scan, "{\"amount\":2}")).startsWith("member name at byte 1 differs only");
    assertThat(scan(scan, "{\"Amount\":\"2\"}")).startsWith("value at byte 10 is a string where");
    assertThat(scan(scan, "{\"tags\":[true]}")).startsWith("value at byte 9 is a boolean where");
    assertThat(scan(scan, "{\"f\":1.5}")).isNull();
    assertThat(scan(scan, "{\"f\":9007199254740993}"))
        .startsWith("number at byte 5 is an integer beyond 2^53 where");
    assertThat(scan(scan, "{\"g\":-9223372036854775808}")).isNull();
    assertThat(scan(scan, "{\"g\":2.5e3}")).startsWith("number at byte 5 has a fraction");
  }

  @Test
  void aValueTheDecoderRefusesTeachesTheLoadNothing() {
    InferableScan scan = new InferableScan(new InferableRow(List.of(), true));
    // the names and kinds come before the syntax error: none may stay
    assertThat(scan(scan, "{\"A\":1,\"b\":\"x\",}")).startsWith("decode: ");
    assertThat(scan(scan, "{\"a\":\"x\",\"B\":2}")).isNull();
    // nor those of a value refused after the scan accepted it (another check's reason)
    scan.begin();
    assertThat(DECODER.check(bytes("{\"c\":1}"), null, scan)).isNull();
    assertThat(scan.end(false)).isNull();
    assertThat(scan(scan, "{\"C\":\"s\"}")).isNull();
  }

  @Test
  void namesAreComparedAsTheirTextWhateverTheirEscapes() {
    assertSame(
        List.of("_key"),
        "{\"\\u0041b\":1,\"x\\/y\":2,\"t\\n\":3,\"q\\\"\\\\\":4,\"\\ud83d\\ude00\":5,\"é\":6}",
        "{\"Ab\":1}",
        "{\"ab\":1}",
        "{\"x/y\":\"s\"}",
        "{\"T\\n\":3}",
        "{\"t\\u000a\":3,\"q\\u0022\\u005c\":4,\"\\ud83d\\ude00\":5,\"\\u00e9\":6,\"É\":1}",
        "{\"\\u005fkey\":1}",
        "{\"\\u005FKEY\":1}",
        "{\"\":1}",
        "{\"\\u0000\":1}");
  }

  @Test
  void numbersAreClassifiedAsTheParserDoes() {
    String[] numbers = {
      "0",
      "-0",
      "999999999999999",
      "-999999999999999",
      "9007199254740992",
      "-9007199254740992",
      "9007199254740993",
      "-9007199254740993",
      "999999999999999999",
      "-999999999999999999",
      "9223372036854775807",
      "9223372036854775808",
      "-9223372036854775808",
      "-9223372036854775809",
      "9999999999999999999",
      "-9999999999999999999",
      "18446744073709551615",
      "18446744073709551616",
      "99999999999999999999",
      "-10000000000000000000",
      "100000000000000000000",
      "1.5",
      "-0.0",
      "0.0e-400",
      "0e99999",
      "1e308",
      "1.7976931348623157e308",
      "1.8e308",
      "1E400",
      "4.9e-324",
      "2e-324",
      "2.4e-324",
      "1e-400",
      "-1e-400",
      "0.000e-5000",
      "1e99999999999999999999",
      "1e-99999999999999999999",
      "0." + "0".repeat(298) + "1",
      "0." + "0".repeat(400) + "1",
      "1" + "0".repeat(400) + ".5",
      "1.00000000000000000000001"
    };
    // each number alone, then after each kind of number at the same place
    for (String earlier : new String[] {null, "1", "1.5", "9007199254740993"}) {
      for (String n : numbers) {
        if (earlier == null) {
          assertSame(List.of(), "{\"n\":" + n + "}", "{\"l\":[" + n + "]}");
        } else {
          assertSame(List.of(), "{\"n\":" + earlier + "}", "{\"n\":" + n + "}", "{\"n\":1.5}");
        }
      }
    }
  }
}
