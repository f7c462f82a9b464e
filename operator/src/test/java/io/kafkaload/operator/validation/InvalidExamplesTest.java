package io.kafkaload.operator.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkaload.operator.api.KafkaConnection;
import io.kafkaload.operator.api.KafkaLoad;
import io.kafkaload.operator.testing.CrdSchemas;
import io.kafkaload.operator.testing.Examples;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The operator's side of the corpus examples/invalid/*.yaml (docs/validation.md, "The invalid
 * corpus"): each file must be refused by the operator's validators with a problem that names the
 * field of its {@code # fails-on:} header. A file marked {@code # only: worker} is a check the
 * operator cannot make: the operator must then accept it (the mark stays true). The worker's
 * InvalidExamplesTest holds the worker's validation to the same files.
 */
class InvalidExamplesTest {

  /** A corpus file: the field it fails on, and the one side that refuses it, if only one does. */
  record Case(Path file, String failsOn, Optional<String> only) {
    @Override
    public String toString() {
      return file.getFileName().toString();
    }
  }

  static List<Case> cases() {
    try (Stream<Path> files = Files.list(Examples.repoRoot().resolve("examples/invalid"))) {
      List<Case> cases = new ArrayList<>();
      for (Path file : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        cases.add(parse(file));
      }
      return cases;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Case parse(Path file) throws IOException {
    String failsOn = null;
    String only = null;
    for (String line : Files.readAllLines(file)) {
      if (line.startsWith("# fails-on:")) {
        failsOn = line.substring("# fails-on:".length()).trim();
      } else if (line.startsWith("# only:")) {
        String rest = line.substring("# only:".length()).trim();
        only = rest.split("[:\\s]", 2)[0];
      }
    }
    assertThat(failsOn).as("%s has a '# fails-on: <field>' line", file).isNotBlank();
    assertThat(only).as("%s: # only: operator or worker", file).isIn(null, "operator", "worker");
    return new Case(file, failsOn, Optional.ofNullable(only));
  }

  /**
   * Every problem found with the file's KafkaLoad and KafkaConnection: by the CRDs' schema (types,
   * enums, minimums, as the API server checks them; an object it refuses never reaches the
   * operator, and may not even bind to the operator's classes), then by the operator's validators.
   */
  static List<String> problems(Path file) {
    List<String> problems = new ArrayList<>();
    problems.addAll(
        CrdSchemas.problems("kafkaloads", Examples.document(file, KafkaLoad.KIND).get("spec")));
    problems.addAll(
        CrdSchemas.problems(
            "kafkaconnections", Examples.document(file, KafkaConnection.KIND).get("spec")));
    KafkaLoad load;
    try {
      load = Examples.load(file);
    } catch (RuntimeException e) {
      // a value outside an enum of the schema: the schema's problem above names it
      assertThat(problems).as("%s does not bind, and the schema says why", file).isNotEmpty();
      return problems;
    }
    load.getMetadata().setNamespace("default");
    KafkaConnection connection = Examples.connection(file);
    problems.addAll(LoadSpecValidator.validate(load));
    problems.addAll(ConnectionSpecValidator.validate(connection));
    if (load.getSpec() != null
        && load.getSpec().getSource() != null
        && load.getSpec().getSource().getKafka() != null) {
      problems.addAll(LoadSpecValidator.validateWith(load, connection));
    }
    return problems;
  }

  @Test
  void theCorpusCoversEnoughCases() {
    assertThat(cases()).hasSizeGreaterThanOrEqualTo(30);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void theOperatorRefusesEachFileNamingItsField(Case c) {
    List<String> problems = problems(c.file());
    if (c.only().filter("worker"::equals).isPresent()) {
      assertThat(problems)
          .as("%s is marked only: worker, so the operator accepts it", c.file().getFileName())
          .isEmpty();
      return;
    }
    assertThat(problems)
        .as("the operator's problems with %s name %s", c.file().getFileName(), c.failsOn())
        .anySatisfy(p -> assertThat(p).contains(c.failsOn()));
  }
}
