package io.kafkaload.worker.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Workers sharing a sink path: a sweep removes dead instances' folders, never a live one's. */
class ScratchDirTest {
  @TempDir Path dir;

  @Test
  void aSweepWhileAnotherInstanceIsCreatingItsFolderLeavesThatFolderAlone() throws IOException {
    // Two replicas of a Streaming load start together: the second one's sweep runs while the
    // first is between creating its lock file and locking it.
    Path root = dir.resolve(ScratchDir.ROOT);
    try (ScratchDir first =
        ScratchDir.create(
            dir,
            () -> {
              try {
                ScratchDir.sweep(root);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            })) {
      assertThat(first.path()).isDirectory();
      Files.writeString(first.path().resolve("spool"), "rows");
      try (ScratchDir second = ScratchDir.create(dir)) {
        assertThat(first.path().resolve("spool")).exists();
        assertThat(second.path()).isDirectory();
      }
      assertThat(first.path().resolve("spool")).exists();
    }
    assertThat(entries(root)).isEmpty();
  }

  @Test
  void aFolderWhoseOwnerIsGoneIsSweptAndALiveOneIsNot() throws IOException {
    Path root = dir.resolve(ScratchDir.ROOT);
    try (ScratchDir live = ScratchDir.create(dir)) {
      // a dead instance: its lock file exists but no one holds it (the process was killed)
      Path dead = Files.createDirectories(root.resolve("dead-instance"));
      Files.writeString(dead.resolve("part.parquet"), "x");
      Files.createFile(root.resolve("dead-instance.lock"));
      try (ScratchDir next = ScratchDir.create(dir)) {
        assertThat(dead).doesNotExist();
        assertThat(root.resolve("dead-instance.lock")).doesNotExist();
        assertThat(live.path()).isDirectory();
        assertThat(next.path()).isDirectory();
      }
    }
  }

  @Test
  void foldersOfThePreviousLayoutAreSweptByTheirInnerLock() throws IOException {
    Path root = Files.createDirectories(dir.resolve(ScratchDir.ROOT));
    Path old = Files.createDirectories(root.resolve("old-instance"));
    Files.createFile(old.resolve(".lock"));
    Files.writeString(old.resolve("spool"), "x");
    Path fresh = Files.createDirectories(root.resolve("being-created"));
    try (ScratchDir ignored = ScratchDir.create(dir)) {
      assertThat(old).doesNotExist();
      assertThat(fresh).as("no lock yet, but too young to be a crash").isDirectory();
    }
  }

  @Test
  void anOldLockFileWithoutItsFolderIsRemovedAndAFreshOneIsNot() throws IOException {
    Path root = Files.createDirectories(dir.resolve(ScratchDir.ROOT));
    Path stale = Files.createFile(root.resolve("gone.lock"));
    Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minusSeconds(3600)));
    Path fresh = Files.createFile(root.resolve("starting.lock"));
    try (ScratchDir ignored = ScratchDir.create(dir)) {
      assertThat(stale).doesNotExist();
      assertThat(fresh).exists();
    }
  }

  private static List<Path> entries(Path root) throws IOException {
    try (Stream<Path> list = Files.list(root)) {
      return list.toList();
    }
  }
}
