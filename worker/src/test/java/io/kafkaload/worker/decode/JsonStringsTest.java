package io.kafkaload.worker.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link JsonStrings#hex4}, the one reader of a backslash-u escape's four hex digits (the decoder's
 * string scan and the validation's JSON checks both use it).
 */
class JsonStringsTest {

  @ParameterizedTest(name = "{0} at {1} -> {2}")
  @CsvSource({
    "0041, 0, 65",
    "00e9, 0, 233",
    "00E9, 0, 233",
    "FfFf, 0, 65535",
    "d83D, 0, 55357",
    "xx0041, 2, 65",
    // a byte that is not a hex digit
    "00g1, 0, -1",
    "00 1, 0, -1",
    "/041, 0, -1",
    ":041, 0, -1",
    "@041, 0, -1",
    "G041, 0, -1",
    "`041, 0, -1",
    // the input ends before the fourth digit
    "004, 0, -2",
    "0041, 1, -2",
    "'', 0, -2",
    // a bad digit before the end is told first
    "0z4, 0, -1",
  })
  void readsFourHexDigits(String text, int pos, int expected) {
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    assertThat(JsonStrings.hex4(bytes, pos, bytes.length)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"0041", "abcd"})
  void readsOnlyUpToTheGivenEnd(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    assertThat(JsonStrings.hex4(bytes, 0, 3)).isEqualTo(-2);
  }
}
