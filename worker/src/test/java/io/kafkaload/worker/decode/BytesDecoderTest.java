package io.kafkaload.worker.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BytesDecoderTest {

  private final BytesDecoder decoder = new BytesDecoder();

  private String row(byte[] value) {
    assertThat(decoder.check(value)).isNull();
    return new String(decoder.row(value), StandardCharsets.US_ASCII);
  }

  @Test
  void anyBytesBecomeBase64() {
    assertThat(row(new byte[0])).isEqualTo("{\"value\":\"\"}");
    assertThat(row(new byte[] {0})).isEqualTo("{\"value\":\"AA==\"}");
    assertThat(row(new byte[] {(byte) 0xFF, (byte) 0xFE})).isEqualTo("{\"value\":\"//4=\"}");
    assertThat(row("Man".getBytes(StandardCharsets.US_ASCII))).isEqualTo("{\"value\":\"TWFu\"}");
  }

  @Test
  void rejectsOnlyTombstones() {
    assertThat(decoder.check(null)).isEqualTo("null value (tombstone)");
  }

  @Test
  void agreesWithTheJdkEncoder() {
    Random random = new Random(7);
    for (int i = 0; i < 2000; i++) {
      byte[] value = new byte[random.nextInt(100)];
      random.nextBytes(value);
      assertThat(row(value))
          .isEqualTo("{\"value\":\"" + Base64.getEncoder().encodeToString(value) + "\"}");
    }
  }
}
