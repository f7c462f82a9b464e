package io.kafkaload.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkaload.worker.config.ConfigException;
import io.kafkaload.worker.config.ConfigLoader;
import io.kafkaload.worker.config.LoadSpec;
import io.kafkaload.worker.config.WorkerConfig;
import io.kafkaload.worker.transform.SqlCheck;
import io.kafkaload.worker.validate.RowValidator;
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
 * The worker's side of the corpus examples/invalid/*.yaml (docs/validation.md, "The invalid
 * corpus"): {@code kafkaload run -f} must refuse each file before it reads a record, with a message
 * that names the field of its {@code # fails-on:} header: when it loads the file ({@link
 * ConfigLoader}, which validates it), or, for the load's SQL, when it checks the SQL with DuckDB's
 * parser before it opens the sink. A file marked {@code # only: operator} is a check the worker
 * cannot make (the reason is in the file): the worker must then accept it. The operator's
 * InvalidExamplesTest holds the operator's validators to the same files.
 */
class InvalidExamplesTest {

  private static final Path INVALID = Path.of("..", "examples", "invalid");

  private static final WorkerConfig.Runtime RUNTIME =
      new WorkerConfig.Runtime("/var/run/secrets/kafkaload", "/var/lib/kafkaload/offsets");

  /** A corpus file: the field it fails on, and the one side that refuses it, if only one does. */
  record Case(Path file, String failsOn, Optional<String> only) {
    @Override
    public String toString() {
      return file.getFileName().toString();
    }
  }

  static List<Case> cases() {
    try (Stream<Path> files = Files.list(INVALID)) {
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
        only = line.substring("# only:".length()).trim().split("[:\\s]", 2)[0];
      }
    }
    assertThat(failsOn).as("%s has a '# fails-on: <field>' line", file).isNotBlank();
    assertThat(only).as("%s: # only: operator or worker", file).isIn(null, "operator", "worker");
    return new Case(file, failsOn, Optional.ofNullable(only));
  }

  /** Why the worker refuses {@code file} before reading anything; empty when it would run. */
  static Optional<String> refusal(Path file) {
    WorkerConfig config;
    try {
      config = ConfigLoader.load(file, null, RUNTIME);
    } catch (ConfigException e) {
      return Optional.of(e.getMessage());
    }
    // the SQL is parsed by DuckDB when the run builds its sink, before the first poll
    LoadSpec spec = config.spec();
    RowValidator validator = spec.schema() == null ? null : RowValidator.of(spec.schema(), null);
    try {
      SqlCheck.check(io.kafkaload.worker.output.Outputs.plan(spec, validator), List.of());
      io.kafkaload.worker.output.Outputs.checkKeyExpression(spec);
    } catch (ConfigException e) {
      return Optional.of(e.getMessage());
    }
    return Optional.empty();
  }

  @Test
  void theCorpusCoversEnoughCases() {
    assertThat(cases()).hasSizeGreaterThanOrEqualTo(30);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void theWorkerRefusesEachFileNamingItsField(Case c) {
    Optional<String> refusal = refusal(c.file());
    if (c.only().filter("operator"::equals).isPresent()) {
      assertThat(refusal)
          .as("%s is marked only: operator, so the worker accepts it", c.file().getFileName())
          .isEmpty();
      return;
    }
    assertThat(refusal)
        .as("the worker refuses %s naming %s", c.file().getFileName(), c.failsOn())
        .hasValueSatisfying(m -> assertThat(m).contains(c.failsOn()));
  }
}
