package io.kafkaload.worker.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kafkaload.worker.config.ConfigException;
import io.kafkaload.worker.config.ConfigLoader;
import io.kafkaload.worker.output.files.PathErrors;
import io.kafkaload.worker.pipeline.RunReport;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Puts a run report where people and the operator look: the report file, the Kubernetes
 * termination-message file (at most 4096 bytes), and a short summary on stdout.
 */
final class ReportWriter {
  /** Kubernetes keeps at most this much of a termination message. */
  static final int TERMINATION_MESSAGE_LIMIT = 4096;

  private static final ObjectMapper JSON = ConfigLoader.json();

  private ReportWriter() {}

  static void write(
      RunReport report, Path reportFile, Optional<Path> terminationLog, PrintStream out)
      throws IOException {
    if (reportFile != null) {
      Path parent = reportFile.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(reportFile, JSON.writeValueAsString(report) + "\n");
    }
    if (terminationLog.isPresent()) {
      Files.write(terminationLog.get(), terminationMessage(report));
    }
    out.println(summary(report));
  }

  /**
   * Fails before the run reads anything when {@code reportFile} cannot be written (its folder
   * cannot be created, or the file or folder is read-only), naming the path and why.
   */
  static void checkWritable(Path reportFile) {
    if (reportFile == null) {
      return;
    }
    Path file = reportFile.toAbsolutePath();
    for (Path p = file.getParent(); p != null; p = p.getParent()) {
      if (Files.exists(p) && !Files.isDirectory(p)) {
        throw new ConfigException(
            "--report-file " + reportFile + ": " + p + " is not a folder; give a path in a folder");
      }
    }
    try {
      Path parent = file.getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      if (Files.isDirectory(file)) {
        throw new ConfigException(
            "--report-file " + reportFile + ": is a folder; give the path of a file");
      }
      if (Files.exists(file) ? !Files.isWritable(file) : !Files.isWritable(parent)) {
        throw new ConfigException(
            "--report-file "
                + reportFile
                + ": permission denied ("
                + (Files.exists(file) ? "the file" : "its folder " + parent)
                + " is not writable); give a path this user can write");
      }
    } catch (IOException e) {
      throw new ConfigException(
          "--report-file " + reportFile + ": " + PathErrors.describe(e) + "; give a writable path",
          e);
    }
  }

  /**
   * {@link #write}, but a report that cannot be written is a warning on stderr: the run's result
   * (and its exit status) stays what it was.
   */
  static void writeOrWarn(
      RunReport report, Path reportFile, Optional<Path> terminationLog, PrintStream out) {
    try {
      write(report, reportFile, terminationLog, out);
    } catch (IOException | RuntimeException e) {
      out.println(summary(report));
      System.err.println(
          "kafkaload: warning: the run report could not be written to "
              + reportFile
              + ": "
              + PathErrors.describe(e));
    }
  }

  /** The report as compact JSON, trimmed to fit the termination message. */
  static byte[] terminationMessage(RunReport report) throws IOException {
    ObjectMapper compact = new ObjectMapper();
    byte[] full = compact.writeValueAsBytes(report);
    if (full.length <= TERMINATION_MESSAGE_LIMIT) {
      return full;
    }
    byte[] withPartitions = compact.writeValueAsBytes(report.trimmed(true));
    if (withPartitions.length <= TERMINATION_MESSAGE_LIMIT) {
      return withPartitions;
    }
    return compact.writeValueAsBytes(report.trimmed(false));
  }

  /**
   * The termination-message file {@code path} ({@link io.kafkaload.worker.config.RunPlan}) when it
   * can be written: when this process runs in a pod.
   */
  static Optional<Path> terminationLog(Path path) {
    return path != null && Files.isWritable(path) ? Optional.of(path) : Optional.empty();
  }

  static String summary(RunReport r) {
    StringBuilder sb = new StringBuilder();
    sb.append(r.load()).append(": ").append(r.result());
    sb.append(
        String.format(
            " - read %d, written %d, rejected %d",
            r.recordsRead(), r.recordsWritten(), r.recordsRejected()));
    if (r.recordsFiltered() > 0) {
      sb.append(", filtered ").append(r.recordsFiltered());
    }
    if (r.files() != null) {
      sb.append(", ").append(r.files().size()).append(" file(s)");
    }
    if (r.rejectedFiles() != null && !r.rejectedFiles().isEmpty()) {
      sb.append(", ").append(r.rejectedFiles().size()).append(" rejected file(s)");
    }
    if (r.gaps() != null) {
      sb.append(", GAPS lost to retention: ").append(r.gaps());
    }
    if (!r.succeeded()) {
      sb.append(System.lineSeparator()).append("  reason: ").append(r.message());
    }
    return sb.toString();
  }
}
