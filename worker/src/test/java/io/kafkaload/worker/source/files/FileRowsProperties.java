package io.kafkaload.worker.source.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkaload.worker.config.LoadSpec;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterProperty;

/**
 * On generated files: reading rows {@code [from, to)} gives exactly those rows of a whole read,
 * numbered alike (a run resumed at any position sends what the killed one did not, nothing else);
 * JSON lines are the non-blank lines as written (a trailing CR dropped); and the names files get as
 * source partitions never hold {@code /} or {@code +} and never collide.
 */
class FileRowsProperties {

  private final Path dir;

  FileRowsProperties() throws Exception {
    dir = Files.createTempDirectory("file-rows");
  }

  @AfterProperty
  void clean() throws Exception {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
    Files.createDirectories(dir);
  }

  /** A line: blank, whitespace, a JSON object with odd text, or garbage; maybe with a CR. */
  @Provide
  Arbitrary<String> lines() {
    Arbitrary<String> text =
        Arbitraries.strings().withChars("ab \t\"{}[]:,\\é€\r0").ofMaxLength(12);
    Arbitrary<String> object =
        text.map(
            t ->
                "{\"v\":"
                    + com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance()
                        .quoteAsString(t)
                        .length
                    + ",\"t\":\"x\"}");
    Arbitrary<String> line = Arbitraries.oneOf(text, object, Arbitraries.of("", " ", "\t", "{}"));
    return Combinators.combine(line, Arbitraries.of("", "\r")).as((l, cr) -> l + cr);
  }

  @Property(tries = 200)
  void jsonLinesReadFromAnyPositionAreTheRestOfAWholeRead(
      @ForAll("jsonLinesFiles") List<String> lines,
      @ForAll boolean finalNewline,
      @ForAll @IntRange(min = 0, max = 1000) int a,
      @ForAll @IntRange(min = 0, max = 1000) int b)
      throws Exception {
    Path file = dir.resolve("in/rows.jsonl");
    Files.createDirectories(file.getParent());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 0; i < lines.size(); i++) {
      bytes.writeBytes(lines.get(i).getBytes(StandardCharsets.UTF_8));
      if (i < lines.size() - 1 || finalNewline) {
        bytes.write('\n');
      }
    }
    Files.write(file, bytes.toByteArray());
    List<String> expected = new ArrayList<>();
    for (String line : lines) {
      String row = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
      if (!line.chars().allMatch(c -> c == ' ' || c == '\t' || c == '\r')) {
        expected.add(row);
      }
    }
    LoadSpec.FilesSource source = new LoadSpec.FilesSource(file.toString(), null, null, null, null);
    SourceFile listed = SourceFiles.list(source).get(0);
    FileRows rows = new JsonLinesRows(listed);

    assertThat(rows.count()).isEqualTo(expected.size());
    List<String> all = read(rows, 0, expected.size());
    assertThat(all).containsExactlyElementsOf(numbered(expected, 0));
    int from = Math.min(a, b) % (expected.size() + 1);
    int to = from + (Math.max(a, b) - Math.min(a, b)) % (expected.size() - from + 1);
    assertThat(read(rows, from, to)).containsExactlyElementsOf(all.subList(from, to));
  }

  @Provide
  Arbitrary<List<String>> jsonLinesFiles() {
    return lines().list().ofMaxSize(30);
  }

  @Property(tries = 40)
  void parquetRowsReadFromAnyPositionAreTheRestOfAWholeRead(
      @ForAll @IntRange(min = 0, max = 400) int count,
      @ForAll @IntRange(min = 1, max = 50) int rowGroup,
      @ForAll @IntRange(min = 0, max = 1000) int a,
      @ForAll @IntRange(min = 0, max = 1000) int b)
      throws Exception {
    Path file = dir.resolve("p/rows.parquet");
    Files.createDirectories(file.getParent());
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = db.createStatement()) {
      st.execute(
          "COPY (SELECT i AS id, CASE WHEN i % 5 = 0 THEN NULL ELSE 'r' || i END AS s FROM"
              + " range(0, "
              + count
              + ") t(i)) TO '"
              + file
              + "' (FORMAT parquet, ROW_GROUP_SIZE "
              + rowGroup
              + ")");
    }
    LoadSpec.FilesSource source = new LoadSpec.FilesSource(file.toString(), null, null, null, null);
    SourceFile listed = SourceFiles.list(source).get(0);
    try (SourceFileReader reader =
        new SourceFileReader(source, file.getParent(), dir.resolve("scratch"))) {
      FileRows rows = reader.rows(listed);
      assertThat(rows.count()).isEqualTo(count);
      List<String> all = read(rows, 0, count);
      for (int i = 0; i < count; i++) {
        assertThat(all.get(i)).startsWith(i + " {\"id\":" + i + ",");
      }
      int from = Math.min(a, b) % (count + 1);
      int to = from + (Math.max(a, b) - Math.min(a, b)) % (count - from + 1);
      assertThat(read(rows, from, to)).containsExactlyElementsOf(all.subList(from, to));
    }
  }

  @Property(tries = 500)
  void fileNamesHoldNoSlashOrPlusAndNeverCollide(
      @ForAll("relativePaths") String a, @ForAll("relativePaths") String b) {
    String na = SourceFile.name(a);
    assertThat(na).doesNotContain("/").doesNotContain("+");
    assertThat(na.equals(SourceFile.name(b))).isEqualTo(a.equals(b));
  }

  @Provide
  Arbitrary<String> relativePaths() {
    return Arbitraries.strings().withChars("ab/=%.+_- é2").ofMinLength(1).ofMaxLength(10);
  }

  private static List<String> read(FileRows rows, long from, long to) throws Exception {
    List<String> out = new ArrayList<>();
    rows.read(from, to, (n, json) -> out.add(n + " " + new String(json, StandardCharsets.UTF_8)));
    return out;
  }

  private static List<String> numbered(List<String> rows, int first) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      out.add((first + i) + " " + rows.get(i));
    }
    return out;
  }
}
