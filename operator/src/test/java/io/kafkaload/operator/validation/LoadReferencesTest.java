package io.kafkaload.operator.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkaload.operator.api.KafkaLoad;
import io.kafkaload.operator.testing.Examples;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What a load refers to, from its spec alone, and the messages of what is missing. */
class LoadReferencesTest {

  private static KafkaLoad example(String file) {
    KafkaLoad load = Examples.load(Path.of(Examples.repoRoot().toString(), "examples", file));
    load.getMetadata().setNamespace("ns");
    return load;
  }

  @Test
  void secretsOfEachKind() {
    assertThat(LoadReferences.secrets(example("kafkaload-validated.yaml").getSpec()))
        .containsExactly(
            new LoadReferences.SecretNeed(
                "orders-salt", List.of(List.of("salt")), "spec.schema.salt"));
    assertThat(LoadReferences.secrets(example("kafkaload-postgres.yaml").getSpec()))
        .containsExactly(
            new LoadReferences.SecretNeed(
                "customers-db",
                List.of(List.of("url"), List.of("user"), List.of("password")),
                "spec.sink.jdbc.secretRef"));
    assertThat(LoadReferences.secrets(example("kafkaload-iceberg.yaml").getSpec()))
        .containsExactly(
            new LoadReferences.SecretNeed(
                "lakehouse-catalog",
                List.of(List.of("token", "credential")),
                "spec.sink.iceberg.catalog.secretRef"));
    assertThat(LoadReferences.secrets(example("kafkaload-batch-parquet.yaml").getSpec())).isEmpty();
  }

  @Test
  void claimsTheUserNames() {
    assertThat(LoadReferences.claims(example("kafkaload-streaming-json.yaml")))
        .extracting(LoadReferences.ClaimNeed::claim, LoadReferences.ClaimNeed::field)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("clicks-data", "spec.sink.files.claimName"));
    // A File store without claimName: the operator creates <load>-offsets, nothing to check.
    KafkaLoad fileOffsets = example("kafkaload-batch-file-offsets.yaml");
    assertThat(LoadReferences.claims(fileOffsets))
        .extracting(LoadReferences.ClaimNeed::claim)
        .containsExactly("orders-data");
    fileOffsets.getSpec().getOffsets().getFile().setClaimName("my-offsets");
    List<LoadReferences.ClaimNeed> both = LoadReferences.claims(fileOffsets);
    assertThat(both)
        .extracting(LoadReferences.ClaimNeed::claim)
        .containsExactly("orders-data", "my-offsets");
    assertThat(LoadReferences.missing(both.get(1), "ns"))
        .isEqualTo(
            "PersistentVolumeClaim my-offsets (spec.offsets.file.claimName) not found in namespace"
                + " ns; create it, or remove claimName and the operator creates "
                + fileOffsets.getMetadata().getName()
                + "-offsets");
    assertThat(LoadReferences.claims(example("kafkaload-batch-parquet.yaml"))).isEmpty();
  }

  @Test
  void problems() {
    var jdbc =
        new LoadReferences.SecretNeed(
            "db", List.of(List.of("url"), List.of("user"), List.of("password")), "f");
    var rest = new LoadReferences.SecretNeed("cat", List.of(List.of("token", "credential")), "g");
    var hadoop = new LoadReferences.SecretNeed("h", List.of(), "h.f");

    assertThat(LoadReferences.problem(jdbc, Optional.empty(), "ns"))
        .contains(
            "Secret db (f) not found in namespace ns; create it with keys url, user, password");
    assertThat(LoadReferences.problem(jdbc, Optional.of(Set.of("url", "password")), "ns"))
        .contains("Secret db (f) has no key user; add it");
    assertThat(LoadReferences.problem(jdbc, Optional.of(Set.of("url", "user", "password")), "ns"))
        .isEmpty();
    assertThat(LoadReferences.problem(rest, Optional.empty(), "ns"))
        .contains(
            "Secret cat (g) not found in namespace ns; create it with keys token or credential");
    assertThat(LoadReferences.problem(rest, Optional.of(Set.of()), "ns"))
        .contains("Secret cat (g) has none of the keys token, credential; add one");
    assertThat(LoadReferences.problem(rest, Optional.of(Set.of("credential")), "ns")).isEmpty();
    assertThat(LoadReferences.problem(hadoop, Optional.empty(), "ns"))
        .contains("Secret h (h.f) not found in namespace ns; create it");
    assertThat(LoadReferences.problem(hadoop, Optional.of(Set.of()), "ns")).isEmpty();
  }
}
