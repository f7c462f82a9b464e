package io.kafkaload.worker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Edits of a config document by path, bound again and checked like a loaded file. */
class ConfigDocumentTest {

  private static WorkerConfig base() {
    return SpecValidatorTest.base().unchecked();
  }

  @Test
  void setCreatesTheObjectsOnItsWayAndKeepsTheOthers() {
    WorkerConfig edited =
        ConfigLoader.edit(
            base(),
            doc -> {
              doc.set("spec.mode", LoadSpec.Mode.Streaming);
              doc.set("spec.trigger.intervalSeconds", 5);
              doc.set("spec.source.kafka.failOnDataLoss", false);
              doc.put("spec.source.kafka.options", "max.poll.records", "10");
              doc.set("spec.sink.files.partitionBy", List.of("region"));
            });

    assertThat(edited.spec().mode()).isEqualTo(LoadSpec.Mode.Streaming);
    assertThat(edited.spec().trigger()).isEqualTo(new LoadSpec.Trigger(null, 5));
    assertThat(edited.spec().source().kafka().failOnDataLoss()).isFalse();
    assertThat(edited.spec().source().kafka().options())
        .isEqualTo(Map.of("max.poll.records", "10"));
    assertThat(edited.spec().sink().files().partitionBy()).containsExactly("region");
    assertThat(edited.spec().sink().files().path()).isEqualTo("/data");
    assertThat(edited.spec().source().kafka().topics()).containsExactly("t");
    assertThat(edited.load()).isEqualTo(base().load());
  }

  @Test
  void readsAndRemovesByPath() {
    WorkerConfig edited =
        ConfigLoader.edit(
            base(),
            doc -> {
              assertThat(doc.text("spec.sink.files.path")).isEqualTo("/data");
              assertThat(doc.text("spec.sink.files.format")).isNull();
              assertThat(doc.has("spec.sink.jdbc")).isFalse();
              assertThat(doc.text("connection.spec.bootstrapServers")).isEqualTo("k:9092");
              doc.remove("spec.source.kafka.topics");
              doc.remove("spec.no.such.field");
              doc.set("spec.source.kafka.topicPattern", "t.*");
            });

    assertThat(edited.spec().source().kafka().topics()).isNull();
    assertThat(edited.spec().source().kafka().topicPattern()).isEqualTo("t.*");
  }

  @Test
  void anEditThatBreaksARuleIsRefusedNamingTheField() {
    assertThatThrownBy(
            () -> ConfigLoader.edit(base(), doc -> doc.set("spec.sink.files.coalesce", 0)))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("KafkaLoad ns/l: ")
        .hasMessageContaining("spec.sink.files.coalesce");
  }

  @Test
  void aValueOfTheWrongTypeIsRefusedNamingTheField() {
    assertThatThrownBy(() -> ConfigLoader.edit(base(), doc -> doc.set("spec.mode", "Sometimes")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("the overrides: spec.mode: 'Sometimes' is not one of Batch, Streaming");
  }

  @Test
  void noEditKeepsTheConfig() {
    WorkerConfig base = base();
    assertThat(ConfigLoader.edit(base, ConfigEdit.NONE)).isSameAs(base);
  }
}
