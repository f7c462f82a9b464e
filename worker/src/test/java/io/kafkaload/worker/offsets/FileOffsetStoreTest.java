package io.kafkaload.worker.offsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkaload.worker.config.WorkerConfig.LoadRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileOffsetStoreTest {

  private static final LoadRef LOAD = new LoadRef("team-a", "events-to-parquet");
  private static final TopicPartition E0 = new TopicPartition("events", 0);
  private static final TopicPartition E1 = new TopicPartition("events", 1);
  private static final TopicPartition O0 = new TopicPartition("orders", 0);

  @TempDir Path dir;

  @Test
  void readsNothingBeforeTheFirstCommit() {
    try (FileOffsetStore store = new FileOffsetStore(dir, LOAD)) {
      assertThat(store.read(List.of(E0, E1))).isEmpty();
      assertThat(store.file()).doesNotExist();
    }
  }

  @Test
  void aNewStoreResumesFromTheCommittedFile() throws Exception {
    try (FileOffsetStore store = new FileOffsetStore(dir, LOAD)) {
      store.commit(Map.of(E0, 10L, E1, 20L));
    }
    Path file = dir.resolve("team-a.events-to-parquet.json");
    assertThat(Files.readString(file).replaceAll("\\s", ""))
        .isEqualTo("{\"positions\":{\"events\":{\"0\":10,\"1\":20}}}");
    try (FileOffsetStore store = new FileOffsetStore(dir, LOAD)) {
      assertThat(store.read(List.of(E0, E1, O0))).isEqualTo(Map.of(E0, 10L, E1, 20L));
      assertThat(store.read(List.of(E1))).isEqualTo(Map.of(E1, 20L));
    }
  }

  @Test
  void keepsPartitionsThatAreNotInTheCommit() {
    try (FileOffsetStore store = new FileOffsetStore(dir, LOAD)) {
      store.commit(Map.of(E0, 10L, E1, 20L));
      store.commit(Map.of(E1, 25L, O0, 3L));
    }
    try (FileOffsetStore store = new FileOffsetStore(dir, LOAD)) {
      assertThat(store.read(List.of(E0, E1, O0))).isEqualTo(Map.of(E0, 10L, E1, 25L, O0, 3L));
    }
  }

  @Test
  void loadsDoNotShareAFile() {
    try (FileOffsetStore a = new FileOffsetStore(dir, LOAD);
        FileOffsetStore b = new FileOffsetStore(dir, new LoadRef("team-b", LOAD.name()))) {
      a.commit(Map.of(E0, 1L));
      b.commit(Map.of(E0, 2L));
      assertThat(a.read(List.of(E0))).isEqualTo(Map.of(E0, 1L));
      assertThat(b.read(List.of(E0))).isEqualTo(Map.of(E0, 2L));
    }
  }

  @Test
  void aCrashBetweenWriteAndRenameLeavesTheOldFile() throws Exception {
    try (FileOffsetStore store = new FileOffsetStore(dir, LOAD)) {
      store.commit(Map.of(E0, 10L));
    }
    Path file = dir.resolve("team-a.events-to-parquet.json");
    String before = Files.readString(file);
    FileOffsetStore crashing =
        new FileOffsetStore(
            dir,
            LOAD,
            () -> {
              throw new SimulatedCrash();
            });
    assertThatThrownBy(() -> crashing.commit(Map.of(E0, 99L, E1, 5L)))
        .isInstanceOf(SimulatedCrash.class);
    assertThat(Files.readString(file)).isEqualTo(before);
    try (FileOffsetStore store = new FileOffsetStore(dir, LOAD)) {
      assertThat(store.read(List.of(E0, E1))).isEqualTo(Map.of(E0, 10L));
    }
  }

  @Test
  void aTornTempFileLeftByACrashIsNeverReadAndIsRemoved() throws Exception {
    try (FileOffsetStore store = new FileOffsetStore(dir, LOAD)) {
      store.commit(Map.of(E0, 10L));
    }
    // what a kill during the write leaves: half a file under the temp name
    Path temp = dir.resolve(".team-a.events-to-parquet.json.123456.tmp");
    Files.writeString(temp, "{\"positions\":{\"events\":{\"0\":9");
    try (FileOffsetStore store = new FileOffsetStore(dir, LOAD)) {
      assertThat(temp).doesNotExist();
      assertThat(store.read(List.of(E0))).isEqualTo(Map.of(E0, 10L));
      store.commit(Map.of(E0, 11L));
      assertThat(store.read(List.of(E0))).isEqualTo(Map.of(E0, 11L));
    }
    assertThat(tempFiles()).isEmpty();
  }

  @Test
  void aCorruptFileIsANamedErrorAndIsNotOverwritten() throws Exception {
    Path file = dir.resolve("team-a.events-to-parquet.json");
    Files.writeString(file, "{\"positions\":{\"events\":{\"0\":1");
    try (FileOffsetStore store = new FileOffsetStore(dir, LOAD)) {
      assertThatThrownBy(() -> store.read(List.of(E0)))
          .isInstanceOf(OffsetStoreException.class)
          .hasMessageContaining(file.toString())
          .hasMessageContaining("is corrupt")
          .hasMessageContaining("Restore it from a backup or fix it by hand");
      assertThatThrownBy(() -> store.commit(Map.of(E0, 5L)))
          .isInstanceOf(OffsetStoreException.class)
          .hasMessageContaining(file.toString());
    }
    assertThat(Files.readString(file)).isEqualTo("{\"positions\":{\"events\":{\"0\":1");
  }

  @Test
  void movingAPositionBackIsStoredButLoud() {
    try (FileOffsetStore store = new FileOffsetStore(dir, LOAD);
        StderrCapture log = new StderrCapture()) {
      store.commit(Map.of(E0, 10L, E1, 20L));
      store.commit(Map.of(E0, 4L, E1, 21L));
      assertThat(log.text())
          .contains("WARN")
          .contains("position of events-0 moves back from 10 to 4")
          .doesNotContain("events-1 moves back");
      assertThat(store.read(List.of(E0))).isEqualTo(Map.of(E0, 4L));
    }
  }

  @Test
  void describesTheFile() {
    try (FileOffsetStore store = new FileOffsetStore(dir, LOAD)) {
      assertThat(store.describe())
          .isEqualTo("file " + dir.resolve("team-a.events-to-parquet.json"));
    }
  }

  private List<Path> tempFiles() throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
    }
  }

  private static final class SimulatedCrash extends RuntimeException {
    SimulatedCrash() {
      super("simulated crash between write and rename");
    }
  }
}
