package io.kafkaload.worker.transform;

import io.kafkaload.worker.output.table.TableTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;

/**
 * Run as its own JVM by {@link StreamedRowsTest}: reads every row of a large query the way the
 * table sinks' row-by-row writers do ({@link TableTarget.Rows#open()}), and prints the rows, the
 * characters read and the process's peak resident memory ({@code VmHWM}, KiB).
 */
public final class StreamedRowsChild {

  private StreamedRowsChild() {}

  public static void main(String[] args) throws Exception {
    Path folder = Path.of(args[0]).toRealPath();
    long rows = Long.parseLong(args[1]);
    // 96 characters per row
    String query =
        "SELECT md5(range::VARCHAR) || md5((range + 1)::VARCHAR) || md5((range + 2)::VARCHAR)"
            + " AS v FROM range("
            + rows
            + ")";
    long read = 0;
    long chars = 0;
    try (Connection db = LockedDownDuckDb.open(folder, 1, "64MiB");
        ResultSet rs = new TableTarget.Rows(db, query, folder).open()) {
      while (rs.next()) {
        read++;
        chars += rs.getString(1).length();
      }
    }
    System.out.println("rows " + read + " chars " + chars + " peakKiB " + peakKib());
  }

  static long peakKib() throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("\\D", ""));
      }
    }
    throw new IllegalStateException("no VmHWM in /proc/self/status");
  }
}
