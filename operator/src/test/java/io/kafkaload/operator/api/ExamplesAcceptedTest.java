package io.kafkaload.operator.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kafkaload.operator.testing.Examples;
import io.kafkaload.operator.testing.JsonDiff;
import io.kafkaload.operator.validation.ConnectionSpecValidator;
import io.kafkaload.operator.validation.LoadSpecValidator;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every example is a spec the model knows field by field, and that the validator accepts. */
class ExamplesAcceptedTest {

  private static final ObjectMapper STRICT =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  static Stream<Path> examples() {
    return Examples.files().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void specsDeserialiseWithoutUnknownFields(Path example) {
    assertThatCode(
            () -> {
              STRICT.treeToValue(
                  Examples.document(example, KafkaLoad.KIND).get("spec"), KafkaLoadSpec.class);
              STRICT.treeToValue(
                  Examples.document(example, KafkaConnection.KIND).get("spec"),
                  KafkaConnectionSpec.class);
            })
        .doesNotThrowAnyException();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void specsSerialiseBackToWhatWasWritten(Path example) {
    var written = Examples.document(example, KafkaLoad.KIND).get("spec");
    var model = Examples.load(example).getSpec();
    assertThat(JsonDiff.differences(written, STRICT.valueToTree(model)))
        .as("%s spec round-trips", example.getFileName())
        .isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void specsAreValid(Path example) {
    assertThat(LoadSpecValidator.validate(Examples.load(example))).isEmpty();
    assertThat(LoadSpecValidator.validateWith(Examples.load(example), Examples.connection(example)))
        .isEmpty();
    assertThat(ConnectionSpecValidator.validate(Examples.connection(example))).isEmpty();
  }
}
