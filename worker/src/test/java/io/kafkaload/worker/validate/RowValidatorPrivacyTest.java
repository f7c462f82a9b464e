package io.kafkaload.worker.validate;

import static io.kafkaload.worker.validate.F.privacy;
import static io.kafkaload.worker.validate.F.run;
import static io.kafkaload.worker.validate.F.schema;
import static io.kafkaload.worker.validate.F.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.kafkaload.worker.config.LoadSpec.Field;
import io.kafkaload.worker.config.LoadSpec.Privacy;
import org.junit.jupiter.api.Test;

/** Privacy rules, applied after validation to the normalised value's text (digests from Python). */
class RowValidatorPrivacyTest {

  private static String one(Field field, byte[] salt, String value) {
    RowValidator v = RowValidator.of(schema(null, field), salt);
    String out = run(v, "{\"" + field.name() + "\":" + value + "}");
    return out.startsWith("REJECT")
        ? out
        : out.substring(field.name().length() + 4, out.length() - 1);
  }

  @Test
  void hideWritesNullButStillValidates() {
    Field f = privacy("n", "long", Privacy.Hide, null);
    assertThat(one(f, null, "12")).isEqualTo("null");
    assertThat(one(f, null, "\"x\"")).isEqualTo("REJECT: field n: \"x\" is not a long");
    assertThat(one(f, null, "null")).isEqualTo("null");
  }

  @Test
  void digestsAreLowercaseHexOfSaltThenText() {
    assertThat(one(privacy("e", "string", Privacy.Md5, null), null, "\"a@b.c\""))
        .isEqualTo("\"5d60d4e28066df254d5452f92c910092\"");
    assertThat(one(privacy("e", "string", Privacy.Sha256, null), null, "\"a@b.c\""))
        .isEqualTo("\"d648b243a3e817eaa3309e00e183483f2867baadf522099f0c2121770536b25a\"");
    assertThat(one(privacy("e", "string", Privacy.Sha256, null), utf8("pepper"), "\"a@b.c\""))
        .isEqualTo("\"0430ccee28a2ef77a5405f545d9fdcd5f34a6a949517df97fd8722289ffa1f33\"");
    // the text is the normalised value: 12345 and "12345" hash alike
    assertThat(one(privacy("n", "long", Privacy.Md5, null), utf8("pepper"), "\"12345\""))
        .isEqualTo("\"527ca2d6f2e1fc83ec00a43e088d29ce\"");
    assertThat(one(privacy("n", "long", Privacy.Md5, null), utf8("pepper"), "12345"))
        .isEqualTo("\"527ca2d6f2e1fc83ec00a43e088d29ce\"");
    // escapes are decoded first: the digest is of the UTF-8 text é"
    assertThat(one(privacy("s", "string", Privacy.Sha256, null), null, "\"\\u00e9\\\"\""))
        .isEqualTo("\"5ef9d255471977e4ff02b4f0b7a617b2fb52f81210d43020e99e71be87ebe10d\"");
    assertThat(one(privacy("j", "json", Privacy.Md5, null), null, "{ \"a\" : 1 }"))
        .isEqualTo("\"bb6cb5c68df4652941caf652a366f2d8\"");
    assertThat(
            one(
                privacy("t", "timestamp", Privacy.Sha256, null),
                null,
                "\"2026-11-25T10:00:00+01:00\""))
        .isEqualTo("\"bf565bafe3efc55a83bf25a4ec26db76b421f1a7fc5d2236ca843103c95e3d54\"");
    assertThat(one(privacy("e", "string", Privacy.Md5, null), null, "\"\""))
        .isEqualTo("\"d41d8cd98f00b204e9800998ecf8427e\"");
    assertThat(one(privacy("e", "string", Privacy.Md5, null), null, "null")).isEqualTo("null");
  }

  @Test
  void initialsTakeTheFirstLetterOfEachWord() {
    Field f = privacy("name", "string", Privacy.Initials, null);
    assertThat(one(f, null, "\"John Ronald Tolkien\"")).isEqualTo("\"J.R.T.\"");
    assertThat(one(f, null, "\"  jean-paul\\tsartre \"")).isEqualTo("\"J.S.\"");
    assertThat(one(f, null, "\"émile zola\"")).isEqualTo("\"É.Z.\"");
    assertThat(one(f, null, "\"\\\"quoted\\\" x\"")).isEqualTo("\"\\\".X.\"");
    assertThat(one(f, null, "\"   \"")).isEqualTo("\"\"");
  }

  @Test
  void maskKeepsTheLastCodePoints() {
    assertThat(one(privacy("c", "string", Privacy.Mask, null), null, "\"4111111111111111\""))
        .isEqualTo("\"************1111\"");
    assertThat(one(privacy("c", "string", Privacy.Mask, 2), null, "\"héllo\""))
        .isEqualTo("\"***lo\"");
    assertThat(one(privacy("c", "string", Privacy.Mask, 2), null, "\"x🙂\"")).isEqualTo("\"x🙂\"");
    assertThat(one(privacy("c", "string", Privacy.Mask, 0), null, "\"ab\"")).isEqualTo("\"**\"");
    assertThat(one(privacy("c", "string", Privacy.Mask, 3), null, "\"a\\\"b\\\\\""))
        .isEqualTo("\"*\\\"b\\\\\"");
    assertThat(one(privacy("c", "long", Privacy.Mask, 2), null, "12345")).isEqualTo("\"***45\"");
  }

  @Test
  void privacyColumnsAreVarcharExceptHide() {
    RowValidator v =
        RowValidator.of(
            schema(
                null,
                privacy("a", "long", Privacy.Hide, null),
                privacy("b", "long", Privacy.Md5, null),
                privacy("c.d", "timestamp", Privacy.Mask, 4)),
            null);
    assertThat(v.columns())
        .containsExactly(
            org.assertj.core.api.Assertions.entry("a", "BIGINT"),
            org.assertj.core.api.Assertions.entry("b", "VARCHAR"),
            org.assertj.core.api.Assertions.entry("c", "STRUCT(\"d\" VARCHAR)"));
  }
}
