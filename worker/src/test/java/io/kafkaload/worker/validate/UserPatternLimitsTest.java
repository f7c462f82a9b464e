package io.kafkaload.worker.validate;

import static io.kafkaload.worker.validate.F.pattern;
import static io.kafkaload.worker.validate.F.run;
import static io.kafkaload.worker.validate.F.validator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.kafkaload.worker.config.ConfigException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Schema patterns run in linear time (RE2/J): no value can make a pattern run for ever. */
class UserPatternLimitsTest {

  @Test
  void aPatternThatWouldBacktrackForEverEndsOnAHostileValue() {
    // java.util.regex tries every way to share 60 a's among 20 groups before it gives up (it
    // memoises (a+)+ in Java 17, not a counted repetition): it never ends
    RowValidator v = validator(pattern("code", "string", "(.*a){20}"));
    String hostile = "a".repeat(60) + "!";
    // "it never ends" is the defect: a generous bound, not a timing
    String out =
        assertTimeoutPreemptively(
            Duration.ofSeconds(60), () -> run(v, "{\"code\":\"" + hostile + "\"}"));
    assertThat(out).startsWith("REJECT: field code: \"aaaa").endsWith(" does not match (.*a){20}");
    String twenty = "a".repeat(20);
    assertThat(run(v, "{\"code\":\"" + twenty + "\"}")).isEqualTo("{\"code\":\"" + twenty + "\"}");
  }

  @Test
  void longNonAsciiValuesAreMatchedToo() {
    RowValidator v = validator(pattern("n", "string", "(é|e)+x"));
    String value = "é".repeat(100_000);
    assertThat(
            assertTimeoutPreemptively(
                Duration.ofSeconds(60), () -> run(v, "{\"n\":\"" + value + "\"}")))
        .startsWith("REJECT: field n: ");
    assertThat(run(v, "{\"n\":\"éex\"}")).isEqualTo("{\"n\":\"éex\"}");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "(\\w)\\1|invalid escape sequence: `\\1`",
        "a(?=b)|invalid or unsupported Perl syntax: `(?=`",
        "a(?!b)|invalid or unsupported Perl syntax: `(?!`",
        "(?<=a)b|invalid named capture: `(?<=a)b`",
        "a*+|invalid nested repetition operator: `*+`",
        "(?>a)|invalid or unsupported Perl syntax: `(?>`"
      })
  void whatRe2LacksIsRefusedNamingTheFieldAndTheFix(String regex, String why) {
    assertThatThrownBy(() -> validator(F.f("id", "long"), pattern("code", "string", regex)))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "spec.schema.fields[1].pattern: not a valid RE2 regular expression ("
                + why
                + "); patterns use RE2 syntax, which runs in linear time and has no"
                + " backreferences (\\1), lookahead or lookbehind ((?=, (?!, (?<=, (?<!),"
                + " possessive quantifiers (*+, ++) or atomic groups ((?>); rewrite the"
                + " expression without them");
  }

  @Test
  void javasClassIntersectionIsRefusedRatherThanReadAsOtherCharacters() {
    assertThatThrownBy(() -> validator(pattern("code", "string", "[a-z&&[^x]]+")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("spec.schema.fields[0].pattern: not a valid RE2 regular expression")
        .hasMessageContaining("class intersection && is Java's");
  }
}
