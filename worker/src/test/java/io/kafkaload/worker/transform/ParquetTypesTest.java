package io.kafkaload.worker.transform;

import static io.kafkaload.worker.chunk.SinkTestKit.query;
import static io.kafkaload.worker.chunk.SinkTestKit.sql;
import static io.kafkaload.worker.chunk.SinkTestKit.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.kafkaload.worker.chunk.Chunk;
import io.kafkaload.worker.chunk.ChunkEngine;
import io.kafkaload.worker.chunk.Tuning;
import io.kafkaload.worker.config.LoadSpec.FileFormat;
import io.kafkaload.worker.output.files.FilesOutput;
import java.nio.file.Path;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How rows become typed Parquet columns, and what happens when they cannot. */
class ParquetTypesTest {

  private static final TopicPartition TP = new TopicPartition("t", 0);

  @TempDir Path dir;

  /** Writes rows 0..n-1 (row(i) at offset i) with small segments; returns the Parquet file. */
  private Path write(int n, IntFunction<String> row) throws Exception {
    try (ChunkEngine sink =
        FilesOutput.sink(dir, FileFormat.Parquet, new Tuning(2, "256MB", 2, 256 * 1024, "zstd"))) {
      Chunk chunk = sink.open(TP, 0);
      for (int i = 0; i < n; i++) {
        chunk.append(i, utf8(row.apply(i)));
      }
      return chunk.seal(n).get().files().get(0);
    }
  }

  private static List<String> describe(Path parquet) throws Exception {
    return query(
        "SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM " + sql(parquet) + ")");
  }

  @Test
  void a_type_that_changes_after_20000_rows_and_a_late_name_are_kept() throws Exception {
    Path file =
        write(
            30_000,
            i ->
                i < 20_000
                    ? "{\"id\":" + i + ",\"v\":" + i + "}"
                    : i == 29_999
                        ? "{\"id\":" + i + ",\"v\":\"s\",\"late\":true}"
                        : "{\"id\":" + i + ",\"v\":\"s" + i + "\"}");
    assertThat(describe(file)).containsExactly("id|BIGINT", "v|JSON", "late|BOOLEAN");
    assertThat(query("SELECT id, v, late FROM " + sql(file) + " WHERE id IN (7, 20001, 29999)"))
        .containsExactly("7|7|null", "20001|\"s20001\"|null", "29999|\"s\"|true");
    assertThat(query("SELECT count(*), count(DISTINCT id), min(id), max(id) FROM " + sql(file)))
        .containsExactly("30000|30000|0|29999");
    assertThat(
            query(
                "SELECT count(*) FROM (SELECT id, row_number() OVER () - 1 AS n FROM "
                    + sql(file)
                    + ") WHERE id <> n"))
        .containsExactly("0");
  }

  @Test
  void strings_stay_exactly_as_sent() throws Exception {
    String[] strings = {
      "2026-05-17T10:00:00.123456789Z",
      "2026-05-17",
      "10:00:00",
      "123E4567-E89B-12D3-A456-426614174000",
      "%%"
    };
    Path file =
        write(
            strings.length,
            i -> "{\"s\":\"" + strings[i] + "\",\"o\":{\"d\":\"2026-05-17\"},\"l\":[\"10:00\"]}");
    assertThat(describe(file)).containsExactly("s|VARCHAR", "o|STRUCT(d VARCHAR)", "l|VARCHAR[]");
    assertThat(query("SELECT s FROM " + sql(file))).containsExactly(strings);
  }

  @Test
  void numbers_booleans_nested_values_and_nulls() throws Exception {
    Path file =
        write(
            4,
            i ->
                switch (i) {
                  case 0 ->
                      "{\"i\":1,\"d\":1,\"b\":true,\"n\":null,\"a\":[1,2],"
                          + "\"m\":{\"x\":{\"y\":[{\"z\":1}]}}}";
                  case 1 -> "{\"i\":-9223372036854775808,\"d\":2.5,\"b\":false,\"a\":[],\"m\":{}}";
                  case 2 -> "{\"i\":9223372036854775807,\"d\":1e3,\"a\":[3]}";
                  default -> "{}";
                });
    assertThat(describe(file))
        .containsExactly(
            "i|BIGINT",
            "d|DOUBLE",
            "b|BOOLEAN",
            "n|\"NULL\"",
            "a|BIGINT[]",
            "m|STRUCT(x STRUCT(y STRUCT(z BIGINT)[]))");
    assertThat(query("SELECT i, d, b, a FROM " + sql(file)))
        .containsExactly(
            "1|1.0|true|[1, 2]",
            "-9223372036854775808|2.5|false|[]",
            "9223372036854775807|1000.0|null|[3]",
            "null|null|null|null");
  }

  @Test
  void integers_beyond_64_bits_stay_exact() throws Exception {
    // DuckDB infers HUGEINT for both columns (and would store it as DOUBLE): BIGINT does not hold
    // u, so the chunk's integer columns of that kind become DECIMAL(38,0)
    String[] u = {"18446744073709551615", "10000000000000000001", "1"};
    Path file = write(3, i -> "{\"i\":" + (i - 1) + ",\"u\":" + u[i] + ",\"k\":7}");
    assertThat(describe(file)).containsExactly("i|DECIMAL(38,0)", "u|DECIMAL(38,0)", "k|BIGINT");
    assertThat(query("SELECT i, u FROM " + sql(file)))
        .containsExactly("-1|18446744073709551615", "0|10000000000000000001", "1|1");
  }

  @Test
  void a_value_beyond_the_columns_of_the_witness_rows_is_read_exactly() throws Exception {
    // the first row is the only witness of u's kind (19 digits or more) and fits BIGINT; the last
    // does not: the typed read fails loudly and the chunk is inferred from every row instead
    String[] u = {"1000000000000000000", "1000000000000000001", "18446744073709551615"};
    Path file = write(3, i -> "{\"i\":" + i + ",\"u\":" + u[i] + "}");
    assertThat(query("SELECT i, u FROM " + sql(file)))
        .containsExactly("0|" + u[0], "1|" + u[1], "2|" + u[2]);
  }

  @Test
  void rows_with_a_new_name_or_kind_on_their_own_line_are_typed() throws Exception {
    // witness rows with line breaks between tokens, and a late nested name
    Path file =
        write(
            5_000,
            i ->
                i == 4_321
                    ? "{\"i\":\n" + i + ",\r\n\"o\":{\"a\":1,\"late\":[1.5]}}"
                    : "{\"i\":" + i + ",\"o\":{\"a\":" + i + "}}");
    assertThat(describe(file)).containsExactly("i|BIGINT", "o|STRUCT(a BIGINT, late DOUBLE[])");
    assertThat(query("SELECT o.late FROM " + sql(file) + " WHERE i = 4321"))
        .containsExactly("[1.5]");
  }

  @Test
  void earlier_columns_are_used_again_only_for_rows_that_hold_nothing_new() throws Exception {
    List<Path> files = new java.util.ArrayList<>();
    String[] shapes = {
      "{\"id\":%d,\"o\":{\"a\":\"x\"}}", // inferred
      "{\"id\":%d,\"o\":{\"a\":\"y\"}}", // nothing new: columns of the first chunk
      "{\"id\":%d,\"o\":{\"a\":\"y\",\"b\":true}}", // a new nested name
      "{\"id\":%d.5,\"o\":{}}", // a fraction where integers were
      "{\"id\":%d}", // integers again, after the fractions
    };
    try (ChunkEngine sink =
        FilesOutput.sink(dir, FileFormat.Parquet, new Tuning(2, "256MB", 2, 256 * 1024, "zstd"))) {
      for (int c = 0; c < shapes.length; c++) {
        Chunk chunk = sink.open(TP, c * 1000L);
        for (int i = c * 1000; i < (c + 1) * 1000; i++) {
          chunk.append(i, utf8(String.format(shapes[c], i)));
        }
        files.add(chunk.seal((c + 1) * 1000L).get().files().get(0));
      }
    }
    assertThat(describe(files.get(1))).containsExactly("id|BIGINT", "o|STRUCT(a VARCHAR)");
    assertThat(describe(files.get(2)))
        .containsExactly("id|BIGINT", "o|STRUCT(a VARCHAR, b BOOLEAN)");
    assertThat(query("SELECT count(*) FROM " + sql(files.get(2)) + " WHERE o.b"))
        .containsExactly("1000");
    assertThat(query("SELECT min(id), max(id) FROM " + sql(files.get(3))))
        .containsExactly("3000.5|3999.5");
    // the load's columns only widen: integers after fractions stay in the DOUBLE column, and a
    // chunk whose objects are all empty (DuckDB: MAP(VARCHAR, JSON)) widens the struct to JSON
    assertThat(describe(files.get(3))).containsExactly("id|DOUBLE", "o|JSON");
    assertThat(describe(files.get(4))).containsExactly("id|DOUBLE", "o|JSON");
    assertThat(query("SELECT sum(id) FROM " + sql(files.get(4)))).containsExactly("4499500.0");
  }

  @Test
  void a_chunk_without_the_partition_column_goes_to_the_default_folder() throws Exception {
    RowsPlan plan =
        new RowsPlan(
            FileFormat.Parquet,
            io.kafkaload.worker.config.LoadSpec.Compression.Zstd,
            List.of("p"),
            new java.util.LinkedHashMap<>(),
            true,
            List.of(),
            List.of(),
            null);
    try (ChunkEngine sink =
        FilesOutput.sink(dir, plan, new Tuning(2, "256MB", 2, 256 * 1024, "zstd"))) {
      Chunk chunk = sink.open(TP, 0);
      chunk.append(0, utf8("{\"a\":1}"));
      chunk.append(1, utf8("{\"a\":2}"));
      assertThat(chunk.seal(2).get().files())
          .extracting(f -> dir.relativize(f).toString())
          .containsExactly(
              "p=__HIVE_DEFAULT_PARTITION__/t+0+00000000000000000000+00000000000000000001.parquet");
    }
    assertThat(
            query(
                "SELECT a FROM read_parquet('"
                    + dir
                    + "/p=__HIVE_DEFAULT_PARTITION__/*.parquet', hive_partitioning = false)"))
        .containsExactly("1", "2");
  }

  @Test
  void a_loads_files_share_one_schema_across_chunks_and_runs() throws Exception {
    String[][] runs = {
      {"{\"id\":1,\"amount\":1.5,\"note\":\"x\"}", "{\"id\":2,\"amount\":2}"},
      {"{\"id\":3,\"amount\":3,\"late\":true}"}
    };
    long offset = 0;
    for (String[] run : runs) {
      try (ChunkEngine sink =
          FilesOutput.sink(
              dir, FileFormat.Parquet, new Tuning(2, "256MB", 2, 256 * 1024, "zstd"))) {
        for (String row : run) {
          Chunk chunk = sink.open(TP, offset);
          chunk.append(offset, utf8(row));
          chunk.seal(++offset).get();
        }
      }
    }
    List<Path> files;
    try (java.util.stream.Stream<Path> walk = java.nio.file.Files.walk(dir)) {
      files =
          walk.filter(f -> f.toString().endsWith(".parquet") && !f.toString().contains("/."))
              .sorted()
              .toList();
    }
    assertThat(files).hasSize(3);
    assertThat(describe(files.get(0)))
        .containsExactly("id|BIGINT", "amount|DOUBLE", "note|VARCHAR");
    assertThat(describe(files.get(1)))
        .containsExactly("id|BIGINT", "amount|DOUBLE", "note|VARCHAR");
    assertThat(describe(files.get(2)))
        .containsExactly("id|BIGINT", "amount|DOUBLE", "note|VARCHAR", "late|BOOLEAN");
    // a glob over the load's files reads (each later file has every column of the earlier ones)
    assertThat(query("SELECT id, amount, note FROM read_parquet('" + dir + "/*.parquet')"))
        .containsExactly("1|1.5|x", "2|2.0|null", "3|3.0|null");
  }

  @Test
  void duplicate_names_fall_back_to_json_text_without_losing_a_row() throws Exception {
    Path file = write(3, i -> i == 1 ? "{\"a\":1,\"a\":2}" : "{\"a\":" + i + "}");
    assertThat(describe(file)).containsExactly("json|JSON");
    assertThat(query("SELECT json FROM " + sql(file)))
        .containsExactly("{\"a\":0}", "{\"a\":1,\"a\":2}", "{\"a\":2}");
  }

  @Test
  void nesting_deeper_than_duckdb_reads_falls_back_to_json_text() throws Exception {
    String deep = "{\"a\":" + "[".repeat(200) + "]".repeat(200) + "}";
    Path file = write(2, i -> i == 0 ? "{\"a\":[]}" : deep);
    assertThat(describe(file)).containsExactly("json|JSON");
    assertThat(query("SELECT json FROM " + sql(file))).containsExactly("{\"a\":[]}", deep);
  }

  @Test
  void names_equal_but_for_case_fall_back_to_json_text() throws Exception {
    Path top = write(2, i -> i == 0 ? "{\"a\":1}" : "{\"A\":2}");
    assertThat(describe(top)).containsExactly("json|JSON");
    assertThat(query("SELECT json FROM " + sql(top))).containsExactly("{\"a\":1}", "{\"A\":2}");
  }

  @Test
  void rows_bigger_than_duckdbs_default_object_size_are_read() throws Exception {
    String big = "x".repeat(20 << 20);
    Path file = write(2, i -> "{\"i\":" + i + ",\"s\":\"" + (i == 1 ? big : "") + "\"}");
    assertThat(query("SELECT i, length(s) FROM " + sql(file)))
        .containsExactly("0|0", "1|" + big.length());
  }

  @Test
  void row_order_is_kept_across_many_segments() throws Exception {
    Path file = write(50_000, i -> "{\"i\":" + i + ",\"pad\":\"" + "p".repeat(i % 50) + "\"}");
    List<String> ids = query("SELECT i FROM " + sql(file));
    assertThat(ids).isEqualTo(IntStream.range(0, 50_000).mapToObj(String::valueOf).toList());
  }
}
