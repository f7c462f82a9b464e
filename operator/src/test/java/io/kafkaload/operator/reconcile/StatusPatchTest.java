package io.kafkaload.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.kafkaload.operator.api.KafkaConnection;
import io.kafkaload.operator.api.KafkaConnectionStatus;
import io.kafkaload.operator.api.KafkaLoad;
import io.kafkaload.operator.api.KafkaLoadStatus;
import io.kafkaload.operator.status.Conditions;
import io.kafkaload.operator.status.LoadConditions;
import io.kafkaload.operator.status.LoadOutcome;
import io.kafkaload.operator.testing.Examples;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Status patches carry no resourceVersion: the cached object they start from may be a write behind,
 * and a locked patch then fails with 409 Conflict (one writer per object makes the lock useless).
 */
class StatusPatchTest {

  private static final Path EXAMPLE =
      Path.of(Examples.repoRoot().toString(), "examples", "kafkaload-batch-parquet.yaml");

  @Test
  void aLoadsStatusPatchHasNoResourceVersionNorSpec() {
    KafkaLoad load = Examples.load(EXAMPLE);
    load.getMetadata().setNamespace("ns");
    load.getMetadata().setResourceVersion("41");
    load.getMetadata().setUid("uid-1");
    load.getMetadata()
        .setManagedFields(List.of(new ManagedFieldsEntryBuilder().withManager("kubectl").build()));
    KafkaLoadStatus status = new KafkaLoadStatus();
    LoadConditions.apply(status, LoadOutcome.suspended(), 2L, Instant.EPOCH);
    load.setStatus(status);

    KafkaLoad patch = StatusPatch.of(load);

    assertThat(patch.getMetadata().getResourceVersion()).isNull();
    assertThat(patch.getMetadata().getManagedFields()).isNullOrEmpty();
    assertThat(patch.getMetadata().getName()).isEqualTo(load.getMetadata().getName());
    assertThat(patch.getMetadata().getNamespace()).isEqualTo("ns");
    assertThat(patch.getKind()).isEqualTo("KafkaLoad");
    assertThat(patch.getApiVersion()).isEqualTo("kafkaload.io/v1alpha1");
    assertThat(patch.getSpec()).isNull();
    assertThat(patch.getStatus()).isSameAs(status);
  }

  @Test
  void aConnectionsStatusPatchHasNoResourceVersion() {
    KafkaConnection connection = Examples.connection(EXAMPLE);
    connection.getMetadata().setNamespace("ns");
    connection.getMetadata().setResourceVersion("7");
    KafkaConnectionStatus status = new KafkaConnectionStatus();
    status.setConditions(
        Conditions.upsert(null, "Ready", "True", "Connected", "ok", 1L, Instant.EPOCH));
    connection.setStatus(status);

    KafkaConnection patch = StatusPatch.of(connection);

    assertThat(patch.getMetadata().getResourceVersion()).isNull();
    assertThat(patch.getMetadata().getName()).isEqualTo(connection.getMetadata().getName());
    assertThat(patch.getSpec()).isNull();
    assertThat(patch.getStatus()).isSameAs(status);
  }
}
