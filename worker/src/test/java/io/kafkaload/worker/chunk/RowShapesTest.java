package io.kafkaload.worker.chunk;

import static io.kafkaload.worker.chunk.SinkTestKit.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.kafkaload.worker.decode.JsonDecoder;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class RowShapesTest {

  private static RowShapes of(String... rows) {
    RowShapes shapes = new RowShapes();
    for (String row : rows) {
      byte[] v = utf8(row);
      shapes.add(v, 0, v.length);
    }
    return shapes;
  }

  private static final String SEEN =
      "{\"id\":1,\"name\":\"a\",\"price\":1.5,\"ok\":true,\"tags\":[\"x\",\"y\"],"
          + "\"items\":[{\"k\":1,\"v\":\"s\"}],\"o\":{\"p\":{\"q\":-2}},\"n\":null,\"e\":{}}";

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"id\":2,\"name\":\"b\"}|true",
        "{ \"name\" : \"b\" , \"id\" : 3 }|true",
        "{\"tags\":[],\"items\":[{\"v\":\"t\"},{\"k\":5}],\"o\":{}}|true",
        "{\"tags\":[\"a\",\"b\",\"c\",\"d\"]}|true",
        "{\"id\":null,\"o\":{\"p\":null}}|true",
        "{\"ok\":false,\"price\":2e10,\"o\":{\"p\":{\"q\":-7}}}|true",
        "{}|true",
        "{\"id2\":1}|false",
        "{\"o\":{\"p\":{\"r\":1}}}|false",
        "{\"items\":[{\"k\":1,\"w\":2}]}|false",
        "{\"e\":{\"x\":1}}|false",
        "{\"id\":1.5}|false",
        "{\"id\":-1}|false",
        "{\"id\":12345678901234567890}|false",
        "{\"price\":1}|false",
        "{\"name\":1}|false",
        "{\"id\":\"1\"}|false",
        "{\"tags\":[1]}|false",
        "{\"tags\":\"x\"}|false",
        "{\"o\":[]}|false",
        "{\"n\":1}|false",
        "{\"new\":null}|false",
        "{\"Id\":1}|false",
        "{\"\\u0069d\":1}|false",
        "{\"name\":\"with \\\" quote and \\\\ backslash, longer than eight bytes\"}|true",
      })
  void rows_fit_when_they_hold_no_new_path_and_no_new_kind(String row, boolean within) {
    assertThat(of(row).within(of(SEEN))).isEqualTo(within);
  }

  @Test
  void names_with_escaped_quotes_are_one_path() {
    RowShapes seen = of("{\"a\\\"b\":1,\"c\":2}");
    assertThat(of("{\"a\\\"b\":3}").within(seen)).isTrue();
    assertThat(of("{\"a\\\"c\":3}").within(seen)).isFalse();
  }

  @Test
  void too_many_paths_make_a_summary_unusable() {
    StringBuilder row = new StringBuilder("{");
    for (int i = 0; i <= RowShapes.MAX_PATHS; i++) {
      row.append(i == 0 ? "" : ",").append("\"user").append(i).append("\":1");
    }
    RowShapes many = of(row.append("}").toString());
    assertThat(many.usable()).isFalse();
    assertThat(many.within(many)).isFalse();
    assertThat(of("{}").within(many)).isFalse();
  }

  @Test
  void deep_rows_are_summarised_without_recursion() {
    String deep = "{\"a\":" + "[".repeat(511) + "]".repeat(511) + "}";
    RowShapes shapes = of(deep);
    assertThat(shapes.usable()).isTrue();
    assertThat(of(deep).within(shapes)).isTrue();
    assertThat(of("{\"a\":" + "[".repeat(300) + "1" + "]".repeat(300) + "}").within(shapes))
        .isFalse();
  }

  @Test
  void rows_with_a_new_path_or_a_new_kind_are_witnesses() {
    RowShapes shapes = new RowShapes();
    assertThat(add(shapes, "{\"a\":1}")).isTrue();
    assertThat(add(shapes, "{\"a\":2}")).isFalse();
    assertThat(add(shapes, "{\"a\":-2}")).isTrue();
    assertThat(add(shapes, "{\"a\":null,\"b\":[]}")).isTrue();
    assertThat(add(shapes, "{\"b\":[],\"a\":null}")).isFalse();
    assertThat(add(shapes, "{\"b\":[{\"c\":\"x\"}]}")).isTrue();
    assertThat(add(shapes, "{\"b\":[{\"c\":\"y\"},{\"c\":\"z\"}],\"a\":7}")).isFalse();
  }

  private static boolean add(RowShapes shapes, String row) {
    byte[] v = utf8(row);
    return shapes.add(v, 0, v.length);
  }

  static Stream<String> rows() {
    return Stream.of(
        SEEN,
        "{}",
        "{ \"a\" : [ 1 , -2 , 3.5 , 1e3 , 12345678901234567890 , -1234567890123456789 ] }",
        "{\"a\\\"b\":1,\"\\u0061\":\"x\",\"caf\u00e9\":\"\u20ac\",\"\":null}",
        "{\"a_name_longer_than_eight_bytes\":{\"b\":[[],[{}],[[true,false]]]}}",
        "{\"a\":[{\"k\":1},{\"k\":\"s\",\"v\":{\"w\":[null]}}],\"a\":2}",
        "\n\t{\"x\":\r\n1}\n",
        "{\"a\":" + "[".repeat(500) + "1" + "]".repeat(500) + "}",
        "{\"many\":[" + "1,".repeat(5000) + "\"s\"]}");
  }

  /** The decoder's shapes and the sink's own walk give the same paths and kinds. */
  @ParameterizedTest
  @MethodSource("rows")
  void the_decoders_shape_and_the_walk_agree(String row) {
    byte[] v = utf8(row);
    JsonDecoder.Shape shape = new JsonDecoder.Shape();
    assertThat(new JsonDecoder().check(v, shape)).isNull();
    RowShapes walked = new RowShapes();
    RowShapes shaped = new RowShapes();
    assertThat(walked.add(v, 0, v.length)).isTrue();
    assertThat(shaped.add(shape, v, 0, v.length)).isTrue();
    assertThat(walked.within(shaped)).isTrue();
    assertThat(shaped.within(walked)).isTrue();
    assertThat(shaped.within(of(SEEN))).isEqualTo(walked.within(of(SEEN)));
    // the same row again brings nothing new, by its signature or by its paths
    assertThat(shaped.add(shape, v, 0, v.length)).isFalse();
    assertThat(walked.add(v, 0, v.length)).isFalse();
  }

  @Test
  void rows_of_a_known_signature_are_not_witnesses_and_new_kinds_are() {
    JsonDecoder decoder = new JsonDecoder();
    JsonDecoder.Shape shape = new JsonDecoder.Shape();
    RowShapes shapes = new RowShapes();
    String[] rows = {
      "{\"a\":1,\"b\":\"x\"}|true",
      "{\"a\":2,\"b\":\"y\"}|false",
      "{\"b\":\"y\",\"a\":2}|false",
      "{\"a\":-2,\"b\":\"y\"}|true",
      "{\"a\":[1],\"b\":\"y\"}|true",
      "{\"a\":[1,2,3],\"b\":\"y\"}|false",
      "{\"a\":[1,2.5],\"b\":\"y\"}|true",
      "{\"c\":{\"d\":null}}|true",
      "{\"c\":{\"d\":null}}|false",
    };
    for (String line : rows) {
      String[] parts = line.split("\\|");
      byte[] v = utf8(parts[0]);
      assertThat(decoder.check(v, shape)).isNull();
      assertThat(shapes.add(shape, v, 0, v.length))
          .as(parts[0])
          .isEqualTo(Boolean.parseBoolean(parts[1]));
    }
    assertThat(of("{\"a\":[7,-1.5],\"b\":\"z\",\"c\":{}}").within(shapes)).isTrue();
    assertThat(of("{\"c\":{\"d\":1}}").within(shapes)).isFalse();
  }
}
