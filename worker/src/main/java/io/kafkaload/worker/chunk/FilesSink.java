package io.kafkaload.worker.chunk;

import io.kafkaload.worker.config.Limits;
import io.kafkaload.worker.config.LoadSpec;
import io.kafkaload.worker.config.LoadSpec.FileFormat;
import io.kafkaload.worker.output.TableTarget;
import io.kafkaload.worker.output.files.FileNames;
import io.kafkaload.worker.output.files.FilesLayout;
import io.kafkaload.worker.output.files.FolderOwner;
import io.kafkaload.worker.output.files.PartitionFiles;
import io.kafkaload.worker.output.files.PathErrors;
import io.kafkaload.worker.transform.ColumnType;
import io.kafkaload.worker.transform.DuckDbErrors;
import io.kafkaload.worker.transform.LoadColumns;
import io.kafkaload.worker.transform.LockedDownDuckDb;
import io.kafkaload.worker.transform.MemoryBudget;
import io.kafkaload.worker.transform.RowShapes;
import io.kafkaload.worker.transform.RowsConverter;
import io.kafkaload.worker.transform.RowsPlan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.apache.kafka.common.TopicPartition;

/**
 * The {@code sink.files} sink: Parquet or JSON lines files in one folder, named from topic,
 * partition and offset range ({@link FileNames}), rejected records in {@code _rejected/} beside
 * them, each made durable by fsync and atomic rename ({@link DurableFiles}).
 *
 * <p>Threads: one consumer thread opens, fills and seals chunks; {@code writerThreads} writer
 * threads take sealed chunks in the order they were sealed and convert them in parallel (each with
 * its own DuckDB connection), but a chunk is renamed to its final name only once the earlier chunks
 * of its partition are, so the chunks of a partition complete in order, and a chunk never completes
 * after an earlier chunk of its partition failed. At most {@code maxChunksInFlight} sealed chunks
 * wait or convert: {@link Chunk#seal} blocks the consumer beyond that, which bounds scratch space
 * and lets the consumer read while DuckDB writes.
 *
 * <p>Scratch space (spooled rows, files before their rename, DuckDB's spill files) lives in {@link
 * ScratchDir} under the sink path: writable in a pod with a read-only root, same file system as the
 * final files.
 */
public final class FilesSink implements RecordSink {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(FilesSink.class);

  /**
   * Knobs with sensible defaults for a worker with ~512 MB of heap on 2 cores. DuckDB's memory is
   * off-heap and spills to the scratch folder beyond its limit. DuckDB gets one thread less than
   * there are cores: the consumer thread decodes and spools on the other one while DuckDB writes
   * (on 2 cores, 1 DuckDB thread used 10-15% less CPU per record than 2, at the same or a better
   * rate). There are as many writer threads as cores, each converting its own chunk: when several
   * chunks are sealed at once (the end of a bounded run, a flush of several partitions) they are
   * converted in parallel, without the overhead of splitting one conversion across threads. Parquet
   * is zstd-compressed at level 1 ({@link RowsConverter#ZSTD_LEVEL}): about the CPU of snappy, for
   * files 45% smaller.
   */
  public record Tuning(
      int duckdbThreads,
      String duckdbMemoryLimit,
      int maxChunksInFlight,
      long segmentBytes,
      String compression,
      int writerThreads) {

    public Tuning {
      if (duckdbThreads < 1 || maxChunksInFlight < 1 || segmentBytes < 1 || writerThreads < 1) {
        throw new IllegalArgumentException(
            "threads, chunks in flight and segment size must be >= 1");
      }
      if (!Set.of("zstd", "snappy", "lz4_raw", "gzip", "uncompressed").contains(compression)) {
        throw new IllegalArgumentException("unknown Parquet compression " + compression);
      }
      if (!duckdbMemoryLimit.matches("\\d+(\\.\\d+)?\\s*[KMGT]i?B")) {
        throw new IllegalArgumentException("bad DuckDB memory limit " + duckdbMemoryLimit);
      }
    }

    /** One writer thread. */
    public Tuning(
        int duckdbThreads,
        String duckdbMemoryLimit,
        int maxChunksInFlight,
        long segmentBytes,
        String compression) {
      this(duckdbThreads, duckdbMemoryLimit, maxChunksInFlight, segmentBytes, compression, 1);
    }

    public static Tuning defaults() {
      int cores = Runtime.getRuntime().availableProcessors();
      int threads = Math.max(1, cores - 1);
      int writers = Math.max(1, cores);
      return new Tuning(
          threads,
          MemoryBudget.duckdbMemoryLimit(),
          Math.max(2, writers),
          64L << 20,
          "zstd",
          writers);
    }
  }

  private static final CompletableFuture<ChunkResult> DONE =
      CompletableFuture.completedFuture(null);

  private final Path root;
  private final RowsPlan plan; // of the run's files
  private final RowsPlan chunkPlan; // of each chunk: the run's, or Parquet when merged at the end
  private final FilesLayout layout;
  private final Tuning tuning;
  private final ChunkWriter chunkWriter;
  // data files this run published, never taken for earlier data (Overwrite)
  private final Set<Path> writtenThisRun = ConcurrentHashMap.newKeySet();
  private List<Path> toReplace = List.of();
  private String runDigest;
  private final ScratchDir scratch;
  private final RowsConverter converter;
  private final ChunkWriter.RejectedDestination rejectedDestination;
  private final Publisher publisher;
  private final PartitionFiles partitionFiles;
  private final ExecutorService writers;
  private final Semaphore inFlight;
  private final Map<TopicPartition, CompletableFuture<ChunkResult>> tails =
      new ConcurrentHashMap<>();
  private final Set<FilesChunk> open = ConcurrentHashMap.newKeySet();
  private final AtomicLong chunkIds = new AtomicLong();
  private final java.util.concurrent.atomic.AtomicBoolean columnsSeeded =
      new java.util.concurrent.atomic.AtomicBoolean();
  private volatile boolean closed;
  private String owner; // null: the folder is not claimed (tests of the sink alone)
  private boolean adopt;
  private boolean claimed;

  /** A sink for the spec, with default tuning. */
  public static FilesSink open(LoadSpec.FilesSink spec) throws IOException {
    return new FilesSink(Path.of(spec.path()), spec.formatOrDefault(), Tuning.defaults());
  }

  /**
   * A sink for the spec that writes rows as {@code plan} says, rejected records to {@code
   * rejectedDestination} (null: {@code _rejected/}), with default tuning.
   */
  public static FilesSink open(
      LoadSpec.FilesSink spec, RowsPlan plan, ChunkWriter.RejectedDestination rejectedDestination)
      throws IOException {
    return open(spec, plan, rejectedDestination, Limits.DEFAULTS);
  }

  /**
   * As {@link #open(LoadSpec.FilesSink, RowsPlan, ChunkWriter.RejectedDestination)}, within {@code
   * limits}.
   */
  public static FilesSink open(
      LoadSpec.FilesSink spec,
      RowsPlan plan,
      ChunkWriter.RejectedDestination rejectedDestination,
      Limits limits)
      throws IOException {
    FilesLayout layout = FilesLayout.of(spec, plan);
    return new FilesSink(
        layout.exactFile() == null ? Path.of(spec.path()) : layout.exactFile().getParent(),
        plan,
        layout,
        Tuning.defaults(),
        rejectedDestination,
        UnaryOperator.identity(),
        null,
        limits);
  }

  public FilesSink(Path path, FileFormat format, Tuning tuning) throws IOException {
    this(path, format, tuning, UnaryOperator.identity());
  }

  public FilesSink(Path path, RowsPlan plan, Tuning tuning) throws IOException {
    this(path, plan, FilesLayout.APPEND, tuning, null, UnaryOperator.identity());
  }

  /**
   * Publishes a sealed chunk on a writer thread, calling {@code turn} before its files become
   * visible (a seam for tests that delay or fail it).
   */
  interface Publisher {
    ChunkResult publish(ChunkWriter.Sealed chunk, ChunkWriter.Turn turn) throws IOException;
  }

  FilesSink(Path path, FileFormat format, Tuning tuning, UnaryOperator<Publisher> decorate)
      throws IOException {
    this(path, plainPlan(format, tuning), FilesLayout.APPEND, tuning, null, decorate);
  }

  /** Rows stored as they come, Parquet compressed as the tuning says. */
  private static RowsPlan plainPlan(FileFormat format, Tuning tuning) {
    if (format != FileFormat.Parquet) {
      return RowsPlan.plain(format);
    }
    LoadSpec.Compression compression =
        switch (tuning.compression()) {
          case "zstd" -> LoadSpec.Compression.Zstd;
          case "snappy" -> LoadSpec.Compression.Snappy;
          case "lz4_raw" -> LoadSpec.Compression.Lz4;
          case "gzip" -> LoadSpec.Compression.Gzip;
          default -> LoadSpec.Compression.None;
        };
    return RowsPlan.plain(format, compression);
  }

  FilesSink(
      Path path,
      RowsPlan plan,
      FilesLayout layout,
      Tuning tuning,
      ChunkWriter.RejectedDestination rejectedDestination,
      UnaryOperator<Publisher> decorate)
      throws IOException {
    this(path, plan, layout, tuning, rejectedDestination, decorate, null, Limits.DEFAULTS);
  }

  /**
   * A sink whose chunks go to {@code table} (rows and positions committed together) instead of
   * files: the chunks are spooled and converted in {@code scratchRoot} as for files, and their
   * rejected records go to {@code rejectedDestination} (a topic), acknowledged before each commit.
   */
  public static FilesSink forTable(
      Path scratchRoot,
      RowsPlan plan,
      TableTarget table,
      ChunkWriter.RejectedDestination rejectedDestination)
      throws IOException {
    return forTable(scratchRoot, plan, table, rejectedDestination, Limits.DEFAULTS);
  }

  /**
   * As {@link #forTable(Path, RowsPlan, TableTarget, ChunkWriter.RejectedDestination)}, within
   * {@code limits}.
   */
  public static FilesSink forTable(
      Path scratchRoot,
      RowsPlan plan,
      TableTarget table,
      ChunkWriter.RejectedDestination rejectedDestination,
      Limits limits)
      throws IOException {
    return new FilesSink(
        scratchRoot,
        plan,
        FilesLayout.APPEND,
        Tuning.defaults(),
        rejectedDestination,
        UnaryOperator.identity(),
        table,
        limits);
  }

  private final TableTarget table;
  private ChunkWriter[] tableWriter;

  private FilesSink(
      Path path,
      RowsPlan plan,
      FilesLayout layout,
      Tuning tuning,
      ChunkWriter.RejectedDestination rejectedDestination,
      UnaryOperator<Publisher> decorate,
      TableTarget table,
      Limits limits)
      throws IOException {
    this.table = table;
    try {
      Files.createDirectories(path);
      if (table == null && !Files.isWritable(path)) {
        throw new java.nio.file.AccessDeniedException(path.toString());
      }
    } catch (java.nio.file.FileSystemException e) {
      throw new io.kafkaload.worker.config.ConfigException(
          (table == null ? "sink.files.path " : "the scratch folder ")
              + path
              + ": "
              + PathErrors.describe(e)
              + "; give a folder this worker can create and write",
          e);
    }
    this.root = path.toRealPath();
    this.plan = plan;
    this.layout = layout;
    this.chunkPlan = layout.coalesce() == null ? plan : plan.staging();
    this.tuning = tuning;
    this.rejectedDestination = rejectedDestination;
    this.scratch = ScratchDir.create(root);
    try {
      ChunkWriter[] writer = new ChunkWriter[1];
      this.converter =
          chunkPlan.spoolIsFile() && table == null
              ? null
              : new RowsConverter(
                  LockedDownDuckDb.open(
                      scratch.path(),
                      scratch.path(),
                      tuning.duckdbThreads(),
                      tuning.duckdbMemoryLimit(),
                      limits.maxTempBytesOrDefault()),
                  chunkPlan,
                  tuning.duckdbThreads(),
                  table == null
                      ? null
                      : (db, query, dir, base) ->
                          writer[0].tableOutput().write(db, query, dir, base),
                  limits);
      this.tableWriter = writer;
    } catch (SQLException e) {
      scratch.close();
      throw new IOException(
          "cannot start DuckDB for the files sink: " + DuckDbErrors.summary(e), e);
    }
    this.chunkWriter =
        new ChunkWriter(root, scratch.path(), chunkPlan, converter, rejectedDestination);
    if (table != null) {
      chunkWriter.commitTo(table);
      tableWriter[0] = chunkWriter;
    }
    this.publisher = decorate.apply(chunkWriter::publish);
    this.partitionFiles = new PartitionFiles(root, !plan.partitionBy().isEmpty());
    this.inFlight = new Semaphore(tuning.maxChunksInFlight());
    AtomicLong writerIds = new AtomicLong();
    // FIFO: a chunk is taken only after every chunk sealed before it, so waiting for the turn of
    // an earlier chunk of its partition never waits for a chunk that no thread has taken
    this.writers =
        Executors.newFixedThreadPool(
            tuning.writerThreads(),
            r -> {
              Thread t = new Thread(r, "kafkaload-files-writer-" + writerIds.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  @Override
  public void recover(TopicPartition partition, long committedPosition) throws IOException {
    if (table != null) {
      // a table commits rows and positions together: nothing of an uncommitted chunk is there
      tails.getOrDefault(partition, DONE).exceptionally(e -> null).join();
      tails.remove(partition);
      return;
    }
    // A chunk of this partition may still be written: let it finish before deleting anything.
    tails.getOrDefault(partition, DONE).exceptionally(e -> null).join();
    partitionFiles.removeUncommitted(partition, committedPosition);
    // The partition starts over from the committed position: earlier failures no longer apply.
    tails.remove(partition);
  }

  @Override
  public Chunk open(TopicPartition partition, long startPosition) {
    if (closed) {
      throw new IllegalStateException("the files sink is closed");
    }
    if (!columnsSeeded.getAndSet(true)) {
      // a run without beginRun (streaming): the files left are the committed ones by now
      try {
        seedColumns(existingData());
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    String stem =
        FileNames.prefix(partition)
            + FileNames.pad(startPosition)
            + "."
            + chunkIds.incrementAndGet();
    FilesChunk chunk = new FilesChunk(this, partition, startPosition, stem);
    open.add(chunk);
    return chunk;
  }

  Path scratch() {
    return scratch.path();
  }

  RowSpool newSpool(String stem) {
    // JSON lines are published as spooled, so they stay in one segment.
    long segment = chunkPlan.spoolIsFile() ? Long.MAX_VALUE : tuning.segmentBytes();
    return new RowSpool(scratch.path(), stem, segment, 64 * 1024);
  }

  /**
   * Chunks whose column types are inferred summarise their rows' shapes (see {@link RowShapes}).
   */
  boolean summarisesShapes() {
    return !chunkPlan.spoolIsFile() && !chunkPlan.typesKnown();
  }

  /** Loads that run SQL keep their records as they came, to reject them if the SQL fails. */
  boolean keepsOriginals() {
    // tables that refuse single rows (PostgreSQL): such a row is rejected as its record came
    return chunkPlan.runsSql() || (table != null && table.refusesRows());
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

  /**
   * Ties the sink's folder to {@code owner} ({@code namespace/name}) before the first file: see
   * {@link FolderOwner}; {@code adopt} takes it over whoever wrote it.
   */
  public FilesSink ownedBy(String owner, boolean adopt) {
    this.owner = owner;
    this.adopt = adopt;
    return this;
  }

  @Override
  public void claim(boolean loadHasRun) throws IOException {
    if (owner == null || claimed || table != null) {
      return;
    }
    List<Path> existing = new ArrayList<>(partitionFiles.allDataFiles());
    existing.addAll(partitionFiles.rejectedFiles());
    FolderOwner.claim(root, scratch.path(), owner, existing, loadHasRun, adopt);
    claimed = true;
  }

  @Override
  public Map<TopicPartition, Long> writtenUpTo(java.util.Collection<TopicPartition> partitions)
      throws IOException {
    return table != null ? Map.of() : partitionFiles.writtenUpTo(partitions);
  }

  @Override
  public String beginRun(Map<TopicPartition, Long> starts) throws IOException {
    if (table != null) {
      return table.beginRun();
    }
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
      runDigest = digest(starts);
      // in the worker's scratch folder (the only one DuckDB may read), which a run that did not
      // finish leaves to be removed by the next start
      Path staging = staging();
      DurableFiles.deleteTree(staging);
      Files.createDirectories(staging);
      chunkWriter.publishDataTo(staging);
    }
    return null;
  }

  /**
   * Without a schema, a run continues the columns of the load's existing Parquet files (see {@link
   * LoadColumns}), so every file of the load has one type per column.
   */
  private void seedColumns(List<Path> existing) throws IOException {
    if (converter == null
        || table != null
        || chunkPlan.typesKnown()
        || layout.coalesce() != null
        || plan.format() != FileFormat.Parquet) {
      return;
    }
    List<Path> parquet =
        existing.stream().filter(f -> f.toString().endsWith("." + FileNames.PARQUET)).toList();
    try {
      ColumnType columns = LoadColumns.of(root, scratch.path(), parquet);
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

  /** The folder that holds a merged run's chunks until they are merged. */
  private Path staging() {
    return scratch.path().resolve("staging-" + runDigest);
  }

  /** A digest of the run's start positions: a re-run of the same range gets the same names. */
  static String digest(Map<TopicPartition, Long> starts) {
    StringBuilder text = new StringBuilder();
    starts.entrySet().stream()
        .sorted(
            java.util.Comparator.comparing(
                    (Map.Entry<TopicPartition, Long> e) -> e.getKey().topic())
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
          java.security.MessageDigest.getInstance("SHA-256")
              .digest(text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(hash, 0, 6);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public boolean commitsAtEnd() {
    if (table != null) {
      return false;
    }
    return layout.coalesce() != null || layout.writeMode() == LoadSpec.WriteMode.Overwrite;
  }

  @Override
  public List<Path> finishRun() throws IOException {
    if (table != null) {
      table.finishRun();
      return null;
    }
    List<Path> result = null;
    if (layout.coalesce() != null) {
      result = merge();
    }
    if (layout.writeMode() == LoadSpec.WriteMode.Overwrite) {
      Set<Path> keep = new java.util.HashSet<>(writtenThisRun);
      if (result != null) {
        keep.addAll(result);
      }
      if (keep.isEmpty()) {
        // nothing new to write: the earlier output stays, rather than leaving no file at all
        LOG.info(
            "{}: the run wrote no rows; keeping the {} earlier data file(s) (writeMode Overwrite)",
            shown(),
            toReplace.size());
        return result;
      }
      List<Path> removed = new ArrayList<>();
      for (Path old : toReplace) {
        if (!keep.contains(old) && Files.deleteIfExists(old)) {
          removed.add(old);
        }
      }
      DurableFiles.fsyncFolders(removed.stream().map(Path::getParent).distinct().toList());
      LOG.info(
          "{}: replaced {} earlier data file(s) (writeMode Overwrite)", shown(), removed.size());
    }
    return result;
  }

  /** Merges the run's staged chunks into the coalesced files, in place of the staged ones. */
  private List<Path> merge() throws IOException {
    Path staging = staging();
    List<Path> staged;
    try (java.util.stream.Stream<Path> list = Files.list(staging)) {
      staged =
          list.filter(p -> p.getFileName().toString().endsWith("." + FileNames.PARQUET))
              .sorted()
              .toList();
    }
    Path outDir = scratch.path().resolve(".merged-" + runDigest);
    RowsConverter.Merged merged;
    if (converter == null) {
      throw new IllegalStateException("a merged run always converts its chunks");
    }
    merged = converter.coalesce(staged, layout.coalesce(), outDir, runDigest, plan);
    List<Path> finals = new ArrayList<>();
    java.util.Set<Path> folders = new java.util.LinkedHashSet<>();
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
    LOG.info("{}: merged {} rows into {} file(s)", shown(), merged.rows(), finals.size());
    return finals;
  }

  void forget(FilesChunk chunk) {
    open.remove(chunk);
  }

  /** Queues a sealed chunk for the writer thread; blocks while too many are in flight. */
  CompletableFuture<ChunkResult> submit(ChunkWriter.Sealed chunk) {
    TopicPartition tp = chunk.partition();
    CompletableFuture<ChunkResult> previous = tails.getOrDefault(tp, DONE);
    CompletableFuture<ChunkResult> result;
    if (chunk.rows() == 0 && chunk.rejected() == 0) {
      // Nothing to write, but it must not complete before (or despite) an earlier chunk.
      ChunkResult empty =
          new ChunkResult(
              tp, chunk.startPosition(), chunk.nextPosition(), 0, 0, List.of(), List.of());
      result = previous.handle((r, e) -> afterPrevious(e, empty));
    } else {
      result = enqueue(chunk, previous);
    }
    // Later chunks of the partition chain on this one, failed or not.
    tails.put(tp, result);
    return result;
  }

  private CompletableFuture<ChunkResult> enqueue(
      ChunkWriter.Sealed chunk, CompletableFuture<ChunkResult> previous) {
    try {
      inFlight.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      DurableFiles.deleteQuietly(chunk.scratchFiles());
      return CompletableFuture.failedFuture(
          new IOException("interrupted while waiting to write a chunk of " + chunk.partition(), e));
    }
    CompletableFuture<ChunkResult> future = new CompletableFuture<>();
    try {
      writers.execute(() -> write(chunk, previous, future));
    } catch (RejectedExecutionException e) {
      inFlight.release();
      DurableFiles.deleteQuietly(chunk.scratchFiles());
      return CompletableFuture.failedFuture(new IOException("the files sink is closed", e));
    }
    return future;
  }

  private void write(
      ChunkWriter.Sealed chunk,
      CompletableFuture<ChunkResult> previous,
      CompletableFuture<ChunkResult> future) {
    ChunkResult result = null;
    Throwable failure = null;
    CompletableFuture<Void> commit = null;
    try {
      result = publisher.publish(chunk, () -> afterPrevious(awaitFailure(previous, chunk), null));
    } catch (Throwable t) {
      failure = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
      DurableFiles.deleteQuietly(chunk.scratchFiles());
    } finally {
      inFlight.release();
      // a table that groups commits has staged the chunk: it is done when that commit is
      commit = table == null ? null : table.takePendingCommit();
    }
    if (failure != null) {
      future.completeExceptionally(failure);
      return;
    }
    writtenThisRun.addAll(result.files());
    if (commit == null) {
      future.complete(result);
      return;
    }
    ChunkResult done = result;
    commit.whenComplete(
        (ok, e) -> {
          if (e == null) {
            future.complete(done);
          } else {
            future.completeExceptionally(
                e instanceof CompletionException && e.getCause() != null ? e.getCause() : e);
          }
        });
  }

  /** Waits for the previous chunk of the partition; its failure, or null. */
  private static Throwable awaitFailure(
      CompletableFuture<ChunkResult> previous, ChunkWriter.Sealed chunk) throws IOException {
    try {
      return previous.handle((r, e) -> e).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(
          "interrupted while waiting for an earlier chunk of " + chunk.partition(), e);
    } catch (java.util.concurrent.ExecutionException e) {
      return e.getCause(); // not reached: handle() does not fail
    }
  }

  private static ChunkResult afterPrevious(Throwable previousFailure, ChunkResult result) {
    if (previousFailure != null) {
      throw new CompletionException(
          new IOException(
              "not written: an earlier chunk of the partition failed", previousFailure));
    }
    return result;
  }

  /** Waits for sealed chunks, then stops DuckDB and removes the scratch folder. */
  @Override
  public void stopUserCode(String reason) {
    if (converter != null) {
      converter.stop(reason);
    }
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    for (FilesChunk chunk : open) {
      chunk.discard(); // never sealed: its range will be read again
    }
    open.clear();
    writers.shutdown();
    boolean interrupted = false;
    try {
      while (!writers.awaitTermination(1, TimeUnit.MINUTES)) {
        // a big chunk can take a while; the caller asked for it to finish
      }
    } catch (InterruptedException e) {
      writers.shutdownNow();
      interrupted = true;
    }
    try {
      if (converter != null) {
        converter.close();
      }
    } catch (SQLException e) {
      throw new IOException("cannot close DuckDB: " + DuckDbErrors.summary(e), e);
    } finally {
      scratch.close();
      if (rejectedDestination != null) {
        rejectedDestination.close();
      }
      if (table != null) {
        table.close();
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
