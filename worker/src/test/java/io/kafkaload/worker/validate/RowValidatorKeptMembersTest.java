package io.kafkaload.worker.validate;

import static io.kafkaload.worker.validate.F.f;
import static io.kafkaload.worker.validate.F.run;
import static io.kafkaload.worker.validate.F.schema;
import static io.kafkaload.worker.validate.F.script;
import static org.assertj.core.api.Assertions.assertThat;

import io.kafkaload.worker.config.LoadSpec.Field;
import io.kafkaload.worker.config.LoadSpec.UnknownFields;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code unknownFields: Keep}: kept members are columns inferred as in a load without a schema, so
 * they obey its rules (InferableRow): they cannot forge a metadata column, one record cannot change
 * other rows' column types, and numbers are kept exactly or rejected. Reasons name the byte of the
 * input, never a value or a producer's name.
 */
class RowValidatorKeptMembersTest {

  private static RowValidator keep(Field... fields) {
    return RowValidator.of(schema(UnknownFields.Keep, fields), null)
        .checkingKeptMembers(List.of("_offset", "_key"));
  }

  @Test
  void aKeptMemberCannotTakeTheNameOfAMetadataColumn() {
    RowValidator v = keep(f("id", "long"));
    assertThat(run(v, "{\"id\":1,\"_OFFSET\":7}"))
        .isEqualTo(
            "REJECT: member _offset at byte 8 has the name of a Kafka metadata column the load"
                + " adds (metadataColumns); the metadata column is never taken from the value");
    // inside a schema object it is an ordinary member
    RowValidator nested = keep(f("user.id", "long"));
    assertThat(run(nested, "{\"user\":{\"id\":1,\"_offset\":7}}"))
        .isEqualTo("{\"user\":{\"id\":1,\"_offset\":7}}");
  }

  @Test
  void emptyDuplicateAndNulNamesAreRejectedAtTheirByte() {
    RowValidator v = keep(f("id", "long"));
    assertThat(run(v, "{\"id\":1,\"\":2}"))
        .isEqualTo("REJECT: empty member name at byte 8 (a column needs a name)");
    assertThat(run(v, "{\"id\":1,\"a\":2, \"A\":3}"))
        .isEqualTo(
            "REJECT: member name at byte 15 appears twice in its object (names are compared"
                + " ignoring case)");
    assertThat(run(v, "{\"id\":1,\"a\\u0000\":2}"))
        // (the schema's own rule on NUL comes first, as before)
        .isEqualTo("REJECT: field a : contains a NUL character (\\u0000)");
  }

  @Test
  void aKeptNameEqualToASchemaFieldIgnoringCaseIsRejected() {
    RowValidator v = keep(f("id", "long"), f("user.name", "string"), script("total", null, "1"));
    assertThat(run(v, "{\"id\":1,\"ID\":2}"))
        .isEqualTo(
            "REJECT: member name at byte 8 is not in the schema but differs only in case from"
                + " field id (column names ignore case: unknownFields Keep cannot keep it beside"
                + " the field); spell it as the schema does, or declare it");
    assertThat(run(v, "{\"id\":1,\"user\":{\"Name\":\"x\"}}"))
        .startsWith(
            "REJECT: member name at byte 16 is not in the schema but differs only in case"
                + " from field user.name ");
    assertThat(run(v, "{\"id\":1,\"Total\":2}"))
        .startsWith(
            "REJECT: member name at byte 8 is not in the schema but differs only in case"
                + " from field total ");
    assertThat(run(v, "{\"id\":1,\"total\":2,\"other\":3}"))
        .isEqualTo("{\"id\":1,\"user\":{\"name\":null},\"other\":3}");
  }

  @Test
  void numbersAreKeptExactlyOrRejected() {
    RowValidator v = keep(f("id", "long"));
    assertThat(run(v, "{\"id\":1,\"big\":18446744073709551616}"))
        .startsWith("REJECT: integer at byte 14 is beyond 64 bits");
    assertThat(run(v, "{\"id\":1,\"x\":{\"y\": 1e400}}"))
        .startsWith("REJECT: number at byte 18 is out of range for a double");
    assertThat(run(v, "{\"id\":1,\"big\":18446744073709551615}"))
        .isEqualTo("{\"id\":1,\"big\":18446744073709551615}");
  }

  @Test
  void oneRecordCannotChangeTheKindOfAKeptColumn() {
    RowValidator v = keep(f("id", "long"), f("user.id", "long"));
    assertThat(run(v, "{\"id\":1,\"x\":1,\"user\":{\"id\":1,\"nick\":\"a\"}}"))
        .isEqualTo("{\"id\":1,\"user\":{\"id\":1,\"nick\":\"a\"},\"x\":1}");
    assertThat(run(v, "{\"id\":2,\"x\":\"one\"}"))
        .isEqualTo(
            "REJECT: value at byte 12 is a string where earlier rows of this load have a number"
                + " (a column has one type; declare the field as json in a schema to mix them)");
    assertThat(run(v, "{\"id\":3,\"user\":{\"nick\":[1],\"id\":3}}"))
        .startsWith(
            "REJECT: value at byte 23 is an array where earlier rows of this load have"
                + " a string");
    assertThat(run(v, "{\"id\":4,\"x\":2.5,\"user\":{\"id\":4,\"nick\":\"b\"}}"))
        .isEqualTo("{\"id\":4,\"user\":{\"id\":4,\"nick\":\"b\"},\"x\":2.5}");
    // a schema field's values are the schema's business, whatever kind the input has
    assertThat(run(v, "{\"id\":\"5\"}")).isEqualTo("{\"id\":5,\"user\":{\"id\":null}}");
  }

  @Test
  void withoutTheCallOrUnderIgnoreTheRulesDoNotApply() {
    String row = "{\"id\":1,\"\":2,\"a\":1,\"A\":2}";
    assertThat(run(RowValidator.of(schema(UnknownFields.Keep, f("id", "long")), null), row))
        .isEqualTo(row);
    assertThat(
            run(
                RowValidator.of(schema(UnknownFields.Ignore, f("id", "long")), null)
                    .checkingKeptMembers(List.of("_offset")),
                row))
        .isEqualTo("{\"id\":1}");
  }
}
