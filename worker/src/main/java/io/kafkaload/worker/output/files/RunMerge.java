package io.kafkaload.worker.output.files;

import io.kafkaload.worker.chunk.DurableFiles;
import io.kafkaload.worker.transform.RowsConverter;
import io.kafkaload.worker.transform.RowsPlan;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.common.TopicPartition;

/**
 * A run merged into {@code sink.files.coalesce} files: its chunks are staged as Parquet in the
 * scratch folder under a name made from the run's start positions (a re-run of the same range gets
 * the same names), then merged by DuckDB and renamed into place once the whole run is written.
 */
final class RunMerge {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RunMerge.class);

  private RunMerge() {}

  /** The folder that holds a merged run's chunks until they are merged. */
  static Path staging(Path scratch, String runDigest) {
    return scratch.resolve("staging-" + runDigest);
  }

  /** A digest of the run's start positions: a re-run of the same range gets the same names. */
  static String digest(Map<TopicPartition, Long> starts) {
    StringBuilder text = new StringBuilder();
    starts.entrySet().stream()
        .sorted(
            Comparator.comparing((Map.Entry<TopicPartition, Long> e) -> e.getKey().topic())
                .thenComparing(e -> e.getKey().partition()))
        .forEach(
            e ->
                text.append(e.getKey().topic())
                    .append('/')
                    .append(e.getKey().partition())
                    .append('=')
                    .append(e.getValue())
                    .append('\n'));
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256")
              .digest(text.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Merges the run's staged chunks into the coalesced files, in place of the staged ones. */
  static List<Path> merge(
      RowsConverter converter,
      RowsPlan plan,
      FilesLayout layout,
      Path root,
      Path scratch,
      String runDigest)
      throws IOException {
    Path staging = staging(scratch, runDigest);
    List<Path> staged;
    try (Stream<Path> list = Files.list(staging)) {
      staged =
          list.filter(p -> p.getFileName().toString().endsWith("." + FileNames.PARQUET))
              .sorted()
              .toList();
    }
    Path outDir = scratch.resolve(".merged-" + runDigest);
    DuckDbFiles.Merged merged;
    try {
      merged =
          converter.onConnection(
              db -> DuckDbFiles.merge(db, staged, layout.coalesce(), outDir, runDigest, plan));
    } catch (java.sql.SQLException e) {
      throw new IOException(
          "DuckDB could not merge the run's files: "
              + io.kafkaload.worker.transform.DuckDbErrors.summary(e),
          e);
    }
    List<Path> finals = new ArrayList<>();
    Set<Path> folders = new LinkedHashSet<>();
    for (Path relative : merged.files()) {
      Path temp = outDir.resolve(relative);
      DurableFiles.fsync(temp);
      Path target = layout.exactFile() != null ? layout.exactFile() : root.resolve(relative);
      Files.createDirectories(target.getParent());
      DurableFiles.rename(temp, target);
      finals.add(target);
      for (Path f = target.getParent(); f != null && f.startsWith(root); f = f.getParent()) {
        folders.add(f);
      }
    }
    DurableFiles.fsyncFolders(new ArrayList<>(folders));
    DurableFiles.deleteTree(outDir);
    DurableFiles.deleteTree(staging);
    LOG.info(
        "{}: merged {} rows into {} file(s)",
        layout.exactFile() != null ? layout.exactFile() : root,
        merged.rows(),
        finals.size());
    return finals;
  }
}
