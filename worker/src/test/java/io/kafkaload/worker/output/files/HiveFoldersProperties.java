package io.kafkaload.worker.output.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkaload.worker.chunk.DurableFiles;
import io.kafkaload.worker.transform.DuckDbSql;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Generated partition values (every Unicode plane, controls, long values) against DuckDB's own
 * partitioned COPY: the folder name {@link HiveFolders} computes is the one DuckDB makes, and a
 * value {@link PartitionValues} accepts always gets its folder while one it rejects never could.
 */
class HiveFoldersProperties {

  private static Connection db;
  private static Path dir;

  @BeforeContainer
  static void open() throws Exception {
    dir = Files.createTempDirectory("hive-folders");
    db = DriverManager.getConnection("jdbc:duckdb:");
  }

  @AfterContainer
  static void close() throws Exception {
    db.close();
    DurableFiles.deleteTree(dir);
  }

  @Provide
  Arbitrary<String> values() {
    Arbitrary<String> any = Arbitraries.strings().all().ofMaxLength(120);
    Arbitrary<String> ascii = Arbitraries.strings().ascii().ofMinLength(240).ofMaxLength(270);
    Arbitrary<String> wide =
        Arbitraries.strings().withCharRange('\u0080', '\uD7FF').ofMinLength(35).ofMaxLength(90);
    return Arbitraries.oneOf(any, ascii, wide).filter(HiveFoldersProperties::wellFormed);
  }

  @Property
  void duckDbMakesTheFolderWeComputeExactlyWhenItFits(@ForAll("values") String value)
      throws Exception {
    Path out = dir.resolve("t" + System.nanoTime());
    PartitionValues check = PartitionValues.of(List.of("p"));
    String row =
        "{\"p\":"
            + new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(value)
            + "}";
    String reason = check.check(row.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    try (Statement st = db.createStatement()) {
      st.execute("CREATE OR REPLACE TABLE v (p VARCHAR, x INTEGER)");
    }
    try (PreparedStatement ps = db.prepareStatement("INSERT INTO v VALUES (?, 1)")) {
      ps.setString(1, value);
      ps.execute();
    }
    String copy =
        "COPY v TO " + DuckDbSql.literal(out.toString()) + " (FORMAT csv, PARTITION_BY (p))";
    if (reason == null) {
      try (Statement st = db.createStatement()) {
        st.execute(copy);
      }
      try (Stream<Path> list = Files.list(out)) {
        assertThat(list.map(p -> p.getFileName().toString()).toList())
            .containsExactly(HiveFolders.folder("p", value));
      }
      assertThat(HiveFolders.folderBytes("p", value)).isLessThanOrEqualTo(255);
    } else {
      assertThat(reason).doesNotContain(value.isEmpty() ? "\u0000\u0000" : value);
      assertThatThrownBy(
              () -> {
                try (Statement st = db.createStatement()) {
                  st.execute(copy);
                }
              })
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("File name too long");
    }
    DurableFiles.deleteTree(out);
  }

  /** Strings without unpaired surrogates: text DuckDB (UTF-8) can hold. */
  static boolean wellFormed(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }
}
