package io.kafkaload.worker.chunk;

import static io.kafkaload.worker.chunk.SinkTestKit.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RowSpoolTest {

  @TempDir Path dir;

  @Test
  void writes_each_value_as_one_line_at_every_alignment() throws Exception {
    List<String> expected = new ArrayList<>();
    try (RowSpool spool = new RowSpool(dir, "s", Long.MAX_VALUE, 64)) {
      for (int len = 0; len < 40; len++) {
        for (int at = 0; at < len; at++) {
          char[] body = "x".repeat(len).toCharArray();
          body[at] = at % 2 == 0 ? '\n' : '\r';
          String value = "{" + new String(body) + "}";
          spool.write(utf8(" \n" + value + "\r\n"));
          expected.add(value.replace('\n', ' ').replace('\r', ' '));
        }
      }
      String big = "{\"k\":\"" + "y".repeat(200) + "\",\n\"z\":1}"; // bigger than the buffer
      spool.write(utf8(big));
      expected.add(big.replace('\n', ' '));
      List<Path> segments = spool.finish();
      assertThat(segments).hasSize(1);
      assertThat(Files.readAllLines(segments.get(0))).isEqualTo(expected);
      assertThat(spool.longestRow()).isEqualTo(big.length());
    }
  }

  @Test
  void rolls_over_to_a_new_segment_at_a_row_boundary() throws Exception {
    try (RowSpool spool = new RowSpool(dir, "s", 100, 1024)) {
      for (int i = 0; i < 30; i++) {
        spool.write(utf8("{\"i\":" + String.format("%03d", i) + "}")); // 10 bytes per line
      }
      List<Path> segments = spool.finish();
      assertThat(segments)
          .extracting(p -> p.getFileName().toString())
          .startsWith("s.0.jsonl", "s.1.jsonl");
      List<String> lines = new ArrayList<>();
      for (Path segment : segments) {
        assertThat(Files.size(segment)).isBetween(12L, 100L + 12);
        lines.addAll(Files.readAllLines(segment));
      }
      assertThat(lines).hasSize(30).first().isEqualTo("{\"i\":000}");
      assertThat(lines).last().isEqualTo("{\"i\":029}");
    }
  }

  @Test
  void streams_rows_to_disk_instead_of_keeping_them() throws Exception {
    try (RowSpool spool = new RowSpool(dir, "s", Long.MAX_VALUE, 64 * 1024)) {
      byte[] row = utf8("{\"p\":\"" + "z".repeat(1000) + "\"}");
      long written = 0;
      for (int i = 0; i < 5000; i++) {
        spool.write(row);
        written += row.length + 1;
      }
      // at most one buffer's worth is still in memory
      assertThat(Files.size(spool.segments().get(0))).isGreaterThan(written - 64 * 1024);
    }
  }

  @Test
  void refuses_blank_rows() throws Exception {
    try (RowSpool spool = new RowSpool(dir, "s", Long.MAX_VALUE, 64)) {
      assertThatThrownBy(() -> spool.write(utf8(" \n ")))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
