package io.kafkaload.worker.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkaload.worker.config.LoadSpec;
import io.kafkaload.worker.config.TestLoads;
import io.kafkaload.worker.decode.JsonDecoder;
import io.kafkaload.worker.demo.SampleEvents;
import io.kafkaload.worker.validate.RowValidator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The pipeline skips the JSON decoder's own pass for a value the schema's validator accepts (the
 * validator reads the whole value): sound only if every value the validator accepts, the decoder
 * accepts too. Checked over hand-picked edge cases (a BOM, bad UTF-8 and escapes in members the
 * schema drops, bad numbers and literals, trailing bytes, nesting at and beyond the decoder's
 * limit) and 60,000 corrupted or truncated events, for each unknown-field policy; the seed is
 * printed.
 */
class ValidatorImpliesDecoderTest {

  @ParameterizedTest
  @EnumSource(LoadSpec.UnknownFields.class)
  void whatTheValidatorAcceptsTheDecoderAccepts(LoadSpec.UnknownFields policy) {
    long seed = System.nanoTime();
    System.out.println("ValidatorImpliesDecoderTest " + policy + " seed=" + seed);
    Random random = new Random(seed);
    RowValidator validator =
        RowValidator.of(
            TestLoads.empty()
                .schema(
                    """
                    unknownFields: %s
                    fields:
                      - {name: event_id, type: long, required: true}
                      - {name: event_type, type: string}
                      - {name: device.os, type: string}
                    """
                        .formatted(policy))
                .spec()
                .schema(),
            null);
    JsonDecoder decoder = new JsonDecoder();
    SampleEvents events = new SampleEvents(0, 0);
    List<byte[]> inputs = new ArrayList<>();
    for (String s :
        List.of(
            "\uFEFF{\"event_id\":1}",
            "{\"event_id\":1,\"x\":\"\\ud800\"}",
            "{\"event_id\":1,\"x\":[1,2,}",
            "{\"event_id\":1,\"x\":01}",
            "{\"event_id\":1,\"x\":tru}",
            "{\"event_id\":1,\"x\":\"a\u0001b\"}",
            "{\"event_id\":1} x",
            "{\"event_id\":1,\"x\":{\"a\":1,\"a\":2}}")) {
      inputs.add(s.getBytes(StandardCharsets.UTF_8));
    }
    inputs.add(
        new byte[] {
          '{',
          '"',
          'x',
          '"',
          ':',
          '"',
          (byte) 0xC3,
          '"',
          ',',
          '"',
          'e',
          'v',
          'e',
          'n',
          't',
          '_',
          'i',
          'd',
          '"',
          ':',
          '1',
          '}'
        });
    for (int depth : new int[] {509, 510, 511, 512, 5000}) {
      // the member's value opens depth containers inside the row's object
      inputs.add(
          ("{\"event_id\":1,\"x\":" + "[".repeat(depth) + "]".repeat(depth) + "}")
              .getBytes(StandardCharsets.UTF_8));
      inputs.add(
          ("{\"event_id\":1,\"device\":{\"os\":\"a\",\"v\":"
                  + "[".repeat(depth)
                  + "]".repeat(depth)
                  + "}}")
              .getBytes(StandardCharsets.UTF_8));
    }
    for (int i = 0; i < 30_000; i++) {
      byte[] event = events.next();
      byte[] v = event.clone();
      int changes = 1 + random.nextInt(3);
      for (int c = 0; c < changes; c++) {
        int at = random.nextInt(v.length);
        v[at] =
            switch (random.nextInt(4)) {
              case 0 -> (byte) random.nextInt(256);
              case 1 -> (byte) "{}[]\",:\\ \u0000".charAt(random.nextInt(10));
              case 2 -> (byte) (0x80 + random.nextInt(64));
              default -> (byte) '"';
            };
      }
      inputs.add(v);
      inputs.add(Arrays.copyOf(event, random.nextInt(event.length)));
    }
    List<String> disagreements = new ArrayList<>();
    int accepted = 0;
    for (byte[] v : inputs) {
      boolean validated = validator.check(v) == null;
      boolean decoded = decoder.check(v) == null;
      accepted += validated ? 1 : 0;
      if (validated && !decoded) {
        String text = new String(v, StandardCharsets.ISO_8859_1);
        disagreements.add(text.length() > 200 ? text.substring(0, 200) + "..." : text);
      }
    }
    assertThat(disagreements).as("accepted by the validator, refused by the decoder").isEmpty();
    if (policy != LoadSpec.UnknownFields.Reject) { // the events have members the schema lacks
      assertThat(accepted).as("the corpus holds values both accept").isGreaterThan(100);
    }
  }
}
