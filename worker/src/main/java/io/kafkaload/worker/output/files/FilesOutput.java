package io.kafkaload.worker.output.files;

import io.kafkaload.worker.chunk.ChunkEngine;
import io.kafkaload.worker.chunk.ChunkOutput;
import io.kafkaload.worker.chunk.DurableFiles;
import io.kafkaload.worker.chunk.SealedChunk;
import io.kafkaload.worker.chunk.Tuning;
import io.kafkaload.worker.config.Limits;
import io.kafkaload.worker.config.LoadSpec;
import io.kafkaload.worker.config.LoadSpec.FileFormat;
import io.kafkaload.worker.rejects.RejectedDestination;
import io.kafkaload.worker.transform.ColumnType;
import io.kafkaload.worker.transform.DuckDbErrors;
import io.kafkaload.worker.transform.LoadColumns;
import io.kafkaload.worker.transform.RowsConverter;
import io.kafkaload.worker.transform.RowsPlan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.apache.kafka.common.TopicPartition;

/**
 * The {@code sink.files} output: Parquet, JSON lines, CSV or Avro files in one folder, named from
 * topic, partition and offset range ({@link FileNames}), rejected records in {@code _rejected/}
 * beside them, each made durable by fsync and atomic rename ({@link ChunkFiles}). What a run does
 * around its chunks is here: the write mode (ErrorIfExists, Ignore, Overwrite, Append), the columns
 * earlier runs wrote, the merge of a run's chunks into {@code coalesce} files, the folder's owner,
 * and what a run that did not commit left behind.
 */
public final class FilesOutput implements ChunkOutput {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(FilesOutput.class);

  private final Path root;
  private final RowsPlan plan; // of the run's files
  private final RowsPlan chunkPlan; // of each chunk: the run's, or Parquet when merged at the end
  private final FilesLayout layout;
  private final Path scratch;
  private final RowsConverter converter; // null: rows are published as spooled (JSON lines)
  private final ChunkFiles chunkFiles;
  private final RejectedDestination rejectedDestination;
  private final PartitionFiles partitionFiles;
  // data files this run published, never taken for earlier data (Overwrite)
  private final Set<Path> writtenThisRun = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean columnsSeeded = new AtomicBoolean();
  private List<Path> toReplace = List.of();
  private String runDigest;
  private String owner; // null: the folder is not claimed (tests of the sink alone)
  private boolean adopt;
  private boolean claimed;

  /** A files sink for the spec, with default tuning. */
  public static ChunkEngine sink(LoadSpec.FilesSink spec) throws IOException {
    return sink(Path.of(spec.path()), spec.formatOrDefault(), Tuning.defaults());
  }

  /**
   * A files sink for the spec that writes rows as {@code plan} says, rejected records to {@code
   * rejectedDestination} (null: {@code _rejected/}), within {@code limits}, with default tuning.
   */
  public static ChunkEngine sink(
      LoadSpec.FilesSink spec,
      RowsPlan plan,
      RejectedDestination rejectedDestination,
      Limits limits)
      throws IOException {
    return sink(spec, plan, rejectedDestination, limits, null, false);
  }

  /**
   * As {@link #sink(LoadSpec.FilesSink, RowsPlan, RejectedDestination, Limits)}, the folder tied to
   * {@code owner} ({@code namespace/name}, see {@link FolderOwner}; {@code adopt} takes it over
   * whoever wrote it).
   */
  public static ChunkEngine sink(
      LoadSpec.FilesSink spec,
      RowsPlan plan,
      RejectedDestination rejectedDestination,
      Limits limits,
      String owner,
      boolean adopt)
      throws IOException {
    FilesLayout layout = FilesLayout.of(spec, plan);
    Path root =
        PathErrors.folder(
            layout.exactFile() == null ? Path.of(spec.path()) : layout.exactFile().getParent(),
            "sink.files.path",
            true);
    Tuning tuning = Tuning.defaults();
    return new ChunkEngine(
        root,
        tuning,
        scratch ->
            new FilesOutput(root, plan, layout, tuning, rejectedDestination, limits, scratch)
                .ownedBy(owner, adopt));
  }

  /** Rows stored as they come in {@code format}, compressed as the tuning says. */
  public static ChunkEngine sink(Path path, FileFormat format, Tuning tuning) throws IOException {
    return sink(path, format, tuning, UnaryOperator.identity());
  }

  /** As {@link #sink(Path, FileFormat, Tuning)}, each chunk's publication decorated (tests). */
  public static ChunkEngine sink(
      Path path, FileFormat format, Tuning tuning, UnaryOperator<ChunkEngine.Publisher> decorate)
      throws IOException {
    return sink(
        path,
        RowsPlan.plain(format, tuning.compression()),
        FilesLayout.APPEND,
        tuning,
        null,
        decorate,
        Limits.DEFAULTS);
  }

  /** Rows written as {@code plan} says, appended. */
  public static ChunkEngine sink(Path path, RowsPlan plan, Tuning tuning) throws IOException {
    return sink(
        path, plan, FilesLayout.APPEND, tuning, null, UnaryOperator.identity(), Limits.DEFAULTS);
  }

  static ChunkEngine sink(
      Path path,
      RowsPlan plan,
      FilesLayout layout,
      Tuning tuning,
      RejectedDestination rejectedDestination,
      UnaryOperator<ChunkEngine.Publisher> decorate,
      Limits limits)
      throws IOException {
    Path root = PathErrors.folder(path, "sink.files.path", true);
    return new ChunkEngine(
        root,
        tuning,
        scratch ->
            new FilesOutput(root, plan, layout, tuning, rejectedDestination, limits, scratch),
        decorate);
  }

  private FilesOutput(
      Path root,
      RowsPlan plan,
      FilesLayout layout,
      Tuning tuning,
      RejectedDestination rejectedDestination,
      Limits limits,
      Path scratch)
      throws IOException {
    this.root = root;
    this.plan = plan;
    this.layout = layout;
    this.chunkPlan = layout.coalesce() == null ? plan : plan.staging();
    this.scratch = scratch;
    this.rejectedDestination = rejectedDestination;
    this.converter =
        chunkPlan.spoolIsFile()
            ? null
            : RowsConverter.open(
                scratch, chunkPlan, tuning, DuckDbFiles.writer(chunkPlan), limits, "files sink");
    this.chunkFiles = new ChunkFiles(root, scratch, chunkPlan, converter, rejectedDestination);
    this.partitionFiles = new PartitionFiles(root, !plan.partitionBy().isEmpty());
  }

  @Override
  public Spooling spooling() {
    return new Spooling(
        chunkPlan.spoolIsFile(),
        // column types inferred: chunks summarise their rows' shapes (see RowShapes)
        !chunkPlan.spoolIsFile() && !chunkPlan.typesKnown(),
        // loads that run SQL keep their records as they came, to reject them if the SQL fails
        chunkPlan.runsSql());
  }

  @Override
  public Published publish(SealedChunk chunk, Turn turn) throws IOException {
    if (!columnsSeeded.get()) {
      seedOnce();
    }
    var result = chunkFiles.publish(chunk, turn);
    writtenThisRun.addAll(result.files());
    return Published.done(result);
  }

  /** A run without beginRun (streaming): the files left are the committed ones by now. */
  private synchronized void seedOnce() throws IOException {
    if (!columnsSeeded.get()) {
      seedColumns(existingData());
      columnsSeeded.set(true);
    }
  }

  @Override
  public void recover(TopicPartition partition, long committedPosition) throws IOException {
    partitionFiles.removeUncommitted(partition, committedPosition);
  }

  /** The data files of earlier runs under the root (hidden folders and _rejected aside). */
  private List<Path> existingData() throws IOException {
    if (layout.exactFile() != null) {
      return Files.exists(layout.exactFile()) ? List.of(layout.exactFile()) : List.of();
    }
    return partitionFiles.allDataFiles();
  }

  private String shown() {
    return layout.exactFile() != null ? layout.exactFile().toString() : root.toString();
  }

  private FilesOutput ownedBy(String owner, boolean adopt) {
    this.owner = owner;
    this.adopt = adopt;
    return this;
  }

  @Override
  public void claim(boolean loadHasRun) throws IOException {
    if (owner == null || claimed) {
      return;
    }
    List<Path> existing = new ArrayList<>(partitionFiles.allDataFiles());
    existing.addAll(partitionFiles.rejectedFiles());
    FolderOwner.claim(root, scratch, owner, existing, loadHasRun, adopt);
    claimed = true;
  }

  @Override
  public Map<TopicPartition, Long> writtenUpTo(Collection<TopicPartition> partitions)
      throws IOException {
    return partitionFiles.writtenUpTo(partitions);
  }

  @Override
  public String beginRun(Map<TopicPartition, Long> starts) throws IOException {
    List<Path> existing = existingData();
    columnsSeeded.set(true);
    switch (layout.writeMode()) {
      case ErrorIfExists -> {
        if (!existing.isEmpty()) {
          throw new IOException(
              "sink.files.writeMode is ErrorIfExists and "
                  + shown()
                  + " already holds "
                  + existing.size()
                  + " data file(s), e.g. "
                  + existing.get(0).getFileName()
                  + "; remove them, or set writeMode to Append or Overwrite");
        }
      }
      case Ignore -> {
        if (!existing.isEmpty()) {
          return "ignored: " + shown() + " already holds data (sink.files.writeMode Ignore)";
        }
      }
      case Overwrite -> toReplace = existing;
      case Append -> seedColumns(existing);
    }
    if (layout.coalesce() != null) {
      runDigest = RunMerge.digest(starts);
      // in the worker's scratch folder (the only one DuckDB may read), which a run that did not
      // finish leaves to be removed by the next start
      Path staging = RunMerge.staging(scratch, runDigest);
      DurableFiles.deleteTree(staging);
      Files.createDirectories(staging);
      chunkFiles.publishDataTo(staging);
    }
    return null;
  }

  /**
   * Without a schema, a run continues the columns of the load's existing Parquet files (see {@link
   * LoadColumns}), so every file of the load has one type per column.
   */
  private void seedColumns(List<Path> existing) throws IOException {
    if (converter == null
        || chunkPlan.typesKnown()
        || layout.coalesce() != null
        || plan.format() != FileFormat.Parquet) {
      return;
    }
    List<Path> parquet =
        existing.stream().filter(f -> f.toString().endsWith("." + FileNames.PARQUET)).toList();
    try {
      ColumnType columns = LoadColumns.of(root, scratch, parquet);
      if (columns != null) {
        converter.seed(columns);
      }
    } catch (SQLException | IllegalArgumentException e) {
      throw new IOException(
          "cannot read the columns of the Parquet files already in "
              + shown()
              + ": "
              + (e instanceof SQLException q ? DuckDbErrors.summary(q) : e.getMessage())
              + "; a file there that is not one of this load's breaks them: move it away",
          e);
    }
  }

  @Override
  public boolean commitsAtEnd() {
    return layout.coalesce() != null || layout.writeMode() == LoadSpec.WriteMode.Overwrite;
  }

  @Override
  public List<Path> finishRun() throws IOException {
    List<Path> result = null;
    if (layout.coalesce() != null) {
      if (converter == null) {
        throw new IllegalStateException("a merged run always converts its chunks");
      }
      result = RunMerge.merge(converter, plan, layout, root, scratch, runDigest);
    }
    if (layout.writeMode() == LoadSpec.WriteMode.Overwrite) {
      replaceEarlier(result);
    }
    return result;
  }

  /** Overwrite: removes the earlier data files, once this run's are all durable. */
  private void replaceEarlier(List<Path> merged) throws IOException {
    Set<Path> keep = new java.util.HashSet<>(writtenThisRun);
    if (merged != null) {
      keep.addAll(merged);
    }
    if (keep.isEmpty()) {
      // nothing new to write: the earlier output stays, rather than leaving no file at all
      LOG.info(
          "{}: the run wrote no rows; keeping the {} earlier data file(s) (writeMode Overwrite)",
          shown(),
          toReplace.size());
      return;
    }
    List<Path> removed = new ArrayList<>();
    for (Path old : toReplace) {
      if (!keep.contains(old) && Files.deleteIfExists(old)) {
        removed.add(old);
      }
    }
    DurableFiles.fsyncFolders(removed.stream().map(Path::getParent).distinct().toList());
    LOG.info("{}: replaced {} earlier data file(s) (writeMode Overwrite)", shown(), removed.size());
  }

  @Override
  public void stopUserCode(String reason) {
    if (converter != null) {
      converter.stop(reason);
    }
  }

  @Override
  public void close() throws IOException {
    try {
      if (converter != null) {
        converter.close();
      }
    } finally {
      if (rejectedDestination != null) {
        rejectedDestination.close();
      }
    }
  }
}
