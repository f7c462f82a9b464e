package io.kafkaload.worker.decode;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StringDecoderTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final StringDecoder decoder = new StringDecoder();

  private String row(byte[] value) {
    assertThat(decoder.check(value)).isNull();
    byte[] row = decoder.row(value);
    assertThat(new JsonDecoder().check(row)).as("the row is a JSON object").isNull();
    return new String(row, StandardCharsets.UTF_8);
  }

  @Test
  void textBecomesOneJsonString() {
    assertThat(row(utf8("hello"))).isEqualTo("{\"value\":\"hello\"}");
    assertThat(row(utf8(""))).isEqualTo("{\"value\":\"\"}");
    assertThat(row(utf8("a\"b\\c\nd\te\r\b\f")))
        .isEqualTo("{\"value\":\"a\\\"b\\\\c\\nd\\te\\r\\b\\f\"}");
    assertThat(row(new byte[] {'x', 0, 0x1F, 0x7F}))
        .isEqualTo("{\"value\":\"x\\u0000\\u001f\u007f\"}");
    assertThat(row(utf8("é€😀 {\"json\":1}"))).isEqualTo("{\"value\":\"é€😀 {\\\"json\\\":1}\"}");
    assertThat(row(utf8("\uFEFFbom"))).isEqualTo("{\"value\":\"\uFEFFbom\"}");
  }

  @Test
  void rejectsTombstonesAndInvalidUtf8WithTheBytePosition() {
    assertThat(decoder.check(null)).isEqualTo("null value (tombstone)");
    assertThat(decoder.check(new byte[] {'a', 'b', (byte) 0xFF}))
        .isEqualTo("not valid UTF-8 at byte 2");
    assertThat(decoder.check(new byte[] {'a', (byte) 0xC0, (byte) 0x80}))
        .as("overlong NUL")
        .isEqualTo("not valid UTF-8 at byte 1");
    assertThat(decoder.check(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}))
        .as("UTF-16 surrogate")
        .isEqualTo("not valid UTF-8 at byte 0");
    assertThat(decoder.check(new byte[] {'a', 'b', 'c', (byte) 0xE2, (byte) 0x82}))
        .as("cut-off sequence")
        .isEqualTo("not valid UTF-8 at byte 3");
    assertThat(decoder.check(new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}))
        .as("above U+10FFFF")
        .isEqualTo("not valid UTF-8 at byte 0");
  }

  @Test
  void randomTextRoundTrips() throws Exception {
    Random random = new Random(42);
    for (int i = 0; i < 2000; i++) {
      StringBuilder text = new StringBuilder();
      int n = random.nextInt(40);
      for (int k = 0; k < n; k++) {
        int cp;
        do {
          cp =
              switch (random.nextInt(4)) {
                case 0 -> random.nextInt(0x80);
                case 1 -> random.nextInt(0x800);
                case 2 -> random.nextInt(0x10000);
                default -> 0x10000 + random.nextInt(0x100000);
              };
        } while (cp >= 0xD800 && cp <= 0xDFFF);
        text.appendCodePoint(cp);
      }
      byte[] value = text.toString().getBytes(StandardCharsets.UTF_8);
      JsonNode row = JSON.readTree(row(value));
      assertThat(row.get("value").asText()).isEqualTo(text.toString());
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
