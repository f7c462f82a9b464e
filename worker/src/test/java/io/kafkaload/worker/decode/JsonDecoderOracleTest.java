package io.kafkaload.worker.decode;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Compares the decoder with independent judges on many generated inputs: Jackson's strict parser
 * for the JSON grammar, the JDK's strict UTF-8 decoder for the text encoding.
 */
class JsonDecoderOracleTest {

  private static final long SEED = 20260517L;
  private static final String ALPHABET = "{}[]:,\"\\ \t\n0123456789-+.eEabcnulltruefalse\u00e9";
  private static final String[] SEEDS = {
    "{\"a\":1,\"b\":[true,false,null],\"c\":{\"d\":\"e\\n\\u00e9\"},\"f\":-1.5e+3}",
    "{\"id\":123,\"name\":\"abcdefghijklmnopqrstuvwxyz\",\"tags\":[\"x\",\"y\"],\"n\":{}}",
    "{\"\":[],\"x\":[[[{\"y\":0.25}]]],\"z\":\"\"}",
  };

  private final JsonDecoder decoder = new JsonDecoder();
  private final JsonFactory jackson = new JsonFactory();

  @Test
  void agrees_with_jackson_on_mutated_json() throws Exception {
    Random random = new Random(SEED);
    int accepted = 0;
    for (int i = 0; i < 100_000; i++) {
      String text = mutate(SEEDS[random.nextInt(SEEDS.length)], random);
      byte[] value = text.getBytes(StandardCharsets.UTF_8);
      boolean expected = jacksonAcceptsOneObject(value);
      String reason = decoder.check(value);
      assertThat(reason == null)
          .as("seed %d, case %d: %s -> %s", SEED, i, text, reason)
          .isEqualTo(expected);
      accepted += expected ? 1 : 0;
    }
    // The mutations must produce both outcomes, else the comparison proves little.
    assertThat(accepted).isBetween(2_000, 98_000);
  }

  @Test
  void agrees_with_the_jdk_on_utf8_inside_strings() throws Exception {
    Random random = new Random(SEED);
    for (int i = 0; i < 100_000; i++) {
      byte[] text = new byte[1 + random.nextInt(12)];
      for (int k = 0; k < text.length; k++) {
        // bias towards multi-byte lead and continuation bytes
        text[k] =
            (byte)
                (random.nextBoolean() ? 0x80 + random.nextInt(0x80) : 0x20 + random.nextInt(0x5F));
        if (text[k] == '"' || text[k] == '\\') {
          text[k] = 'x';
        }
      }
      byte[] value = new byte[text.length + 8];
      System.arraycopy("{\"k\":\"".getBytes(StandardCharsets.US_ASCII), 0, value, 0, 6);
      System.arraycopy(text, 0, value, 6, text.length);
      value[value.length - 2] = '"';
      value[value.length - 1] = '}';
      String reason = decoder.check(value);
      boolean valid = strictUtf8(text);
      assertThat(reason == null).as("case %d: %s", i, reason).isEqualTo(valid);
      if (!valid) {
        assertThat(reason).startsWith("not valid UTF-8 at byte ");
      }
    }
  }

  @Test
  void allocates_nothing_for_accepted_values() {
    byte[] value =
        ("{\"id\":123456,\"ts\":\"2026-05-17T10:00:00.123Z\",\"user\":\"user-000042\","
                + "\"amount\":12.5,\"ok\":true,\"tags\":[\"a\",\"b\"],\"props\":{\"page\":\"/p/1\"}}")
            .getBytes(StandardCharsets.UTF_8);
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    for (int i = 0; i < 200_000; i++) {
      assertThat(decoder.check(value)).isNull(); // warm up: compiled code is what runs in prod
    }
    long before = threads.getThreadAllocatedBytes(thread);
    int rejected = 0;
    for (int i = 0; i < 1_000_000; i++) {
      rejected += decoder.check(value) == null ? 0 : 1;
    }
    long allocated = threads.getThreadAllocatedBytes(thread) - before;
    assertThat(rejected).isZero();
    // A single allocation per call would be at least 16 MB here.
    assertThat(allocated).isLessThan(64 * 1024);
  }

  private static String mutate(String seed, Random random) {
    StringBuilder s = new StringBuilder(seed);
    int edits = 1 + random.nextInt(3);
    for (int e = 0; e < edits && s.length() > 0; e++) {
      int at = random.nextInt(s.length());
      char c = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
      switch (random.nextInt(3)) {
        case 0 -> s.insert(at, c);
        case 1 -> s.deleteCharAt(at);
        default -> s.setCharAt(at, c);
      }
    }
    return s.toString();
  }

  /** Reads every token (and decodes every string, which Jackson would otherwise skip lazily). */
  private boolean jacksonAcceptsOneObject(byte[] value) {
    try (JsonParser parser = jackson.createParser(value)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return false;
      }
      int depth = 1;
      while (depth > 0) {
        JsonToken token = parser.nextToken();
        if (token == null) {
          return false;
        }
        if (token.isStructStart()) {
          depth++;
        } else if (token.isStructEnd()) {
          depth--;
        } else if (token == JsonToken.VALUE_STRING || token == JsonToken.FIELD_NAME) {
          parser.getText();
        }
      }
      return parser.nextToken() == null;
    } catch (Exception e) {
      return false;
    }
  }

  private static boolean strictUtf8(byte[] bytes) {
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
