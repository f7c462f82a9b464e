package io.kafkaload.worker.source.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkaload.worker.config.LoadSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Listing a files source (hidden names, globs, folder columns, order) and reading its rows as JSON
 * objects from a position (Parquet by row number, CSV, JSON lines with blank lines and CRLF, folder
 * columns added unless the row has them), and the column types a Parquet folder holds.
 */
class SourceFileReaderTest {

  @TempDir Path dir;

  private static void sql(String statement) throws Exception {
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = db.createStatement()) {
      st.execute(statement);
    }
  }

  private static LoadSpec.FilesSource source(Object path, LoadSpec.FileFormat format) {
    return new LoadSpec.FilesSource(String.valueOf(path), format, null, null, null);
  }

  private List<String> rows(LoadSpec.FilesSource source, SourceFile file, long from, long to)
      throws Exception {
    List<String> rows = new ArrayList<>();
    Path base = Path.of(io.kafkaload.contract.SourceFilePaths.baseFolder(source.path()));
    try (SourceFileReader reader = new SourceFileReader(source, base, dir.resolve("scratch"))) {
      reader
          .rows(file)
          .read(
              from, to, (n, json) -> rows.add(n + " " + new String(json, StandardCharsets.UTF_8)));
    }
    return rows;
  }

  @Test
  void listsVisibleFilesInPathOrderWithTheirFolderColumnsAndMatchesGlobs() throws Exception {
    Path base = dir.resolve("data");
    for (String name :
        List.of(
            "dt=2/b.parquet",
            "dt=1/a.parquet",
            "dt=1/_SUCCESS",
            ".hidden/x.parquet",
            "dt=1/.a.parquet.crc",
            "notes.txt")) {
      Files.createDirectories(base.resolve(name).getParent());
      Files.writeString(base.resolve(name), "x");
    }

    List<SourceFile> all = SourceFiles.list(source(base, LoadSpec.FileFormat.Parquet));
    List<SourceFile> globbed =
        SourceFiles.list(source(base + "/*/*.parquet", LoadSpec.FileFormat.Parquet));

    assertThat(all)
        .extracting(SourceFile::relative)
        .containsExactly("dt=1/a.parquet", "dt=2/b.parquet", "notes.txt");
    assertThat(all.get(1).folderColumns()).containsExactly(new SourceFile.FolderColumn("dt", "2"));
    assertThat(globbed)
        .extracting(SourceFile::relative)
        .containsExactly("dt=1/a.parquet", "dt=2/b.parquet");
    assertThat(all.get(0).partition().topic()).isEqualTo("dt=1%2Fa.parquet");
  }

  @Test
  void readsParquetRowsFromAPositionAsJsonWithFolderColumnsAndDescribesTheirTypes()
      throws Exception {
    Path file = dir.resolve("p/region=eu/part.parquet");
    Files.createDirectories(file.getParent());
    sql(
        "COPY (SELECT i AS id, CAST(i * 0.125 AS DECIMAL(20,4)) AS amount, 'r' || i AS region"
            + " FROM range(0, 10) t(i)) TO '"
            + file
            + "' (FORMAT parquet, ROW_GROUP_SIZE 3)");
    LoadSpec.FilesSource source = source(dir.resolve("p"), LoadSpec.FileFormat.Parquet);
    SourceFile listed = SourceFiles.list(source).get(0);

    List<String> rows = rows(source, listed, 7, 10);

    // the file's own region column wins over the folder's
    assertThat(rows)
        .containsExactly(
            "7 {\"id\":7,\"amount\":0.8750,\"region\":\"r7\"}",
            "8 {\"id\":8,\"amount\":1.0000,\"region\":\"r8\"}",
            "9 {\"id\":9,\"amount\":1.1250,\"region\":\"r9\"}");
    Map<String, String> columns = SourceFileReader.columns(source, dir.resolve("scratch"));
    assertThat(columns)
        .containsExactly(
            Map.entry("id", "BIGINT"),
            Map.entry("amount", "DECIMAL(20,4)"),
            Map.entry("region", "VARCHAR"));
  }

  @Test
  void readsJsonLinesSkippingBlankOnesWithFolderColumnsAddedUnlessTheRowHasThem() throws Exception {
    Path file = dir.resolve("j/day=5/rows.jsonl");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "{\"a\":1}\r\n\n  \n{}\n{\"day\":\"own\"}\n[1]\n{\"b\":2}");
    LoadSpec.FilesSource source = source(dir.resolve("j"), LoadSpec.FileFormat.Json);
    SourceFile listed = SourceFiles.list(source).get(0);

    assertThat(new JsonLinesRows(listed).count()).isEqualTo(5);
    assertThat(rows(source, listed, 1, 5))
        .containsExactly("1 {\"day\":5}", "2 {\"day\":\"own\"}", "3 [1]", "4 {\"day\":5,\"b\":2}");
  }

  @Test
  void readsCsvRowsWithTheirTypesFromAPosition() throws Exception {
    Path file = dir.resolve("c/in.csv");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "id|name\n1|a\n2|b\n3|c\n");
    LoadSpec.FilesSource source =
        new LoadSpec.FilesSource(
            file.toString(), null, null, null, new LoadSpec.CsvOptions(true, "|"));
    SourceFile listed = SourceFiles.list(source).get(0);

    assertThat(rows(source, listed, 1, 3))
        .containsExactly("1 {\"id\":2,\"name\":\"b\"}", "2 {\"id\":3,\"name\":\"c\"}");
  }

  @Test
  void readsAvroContainerFilesAcrossBlocksFromAPositionAsKafkaAvroValuesAre() throws Exception {
    // decimals as exact text, as the Avro decoder writes them for Kafka Avro values
    org.apache.avro.Schema schema =
        new org.apache.avro.Schema.Parser()
            .parse(
                """
                {"type":"record","name":"Order","fields":[
                  {"name":"id","type":"long"},
                  {"name":"note","type":["null","string"],"default":null},
                  {"name":"amount","type":{"type":"bytes","logicalType":"decimal",
                    "precision":10,"scale":2}},
                  {"name":"tags","type":{"type":"array","items":"string"}}]}
                """);
    Path file = dir.resolve("a/kind=x/orders.avro");
    Files.createDirectories(file.getParent());
    try (var writer =
        new org.apache.avro.file.DataFileWriter<org.apache.avro.generic.GenericRecord>(
            new org.apache.avro.generic.GenericDatumWriter<>(schema))) {
      writer.setCodec(org.apache.avro.file.CodecFactory.deflateCodec(6));
      writer.setSyncInterval(64); // a block every few records
      writer.create(schema, file.toFile());
      for (int i = 0; i < 50; i++) {
        var r = new org.apache.avro.generic.GenericData.Record(schema);
        r.put("id", (long) i);
        r.put("note", i % 2 == 0 ? null : "n" + i);
        r.put(
            "amount",
            java.nio.ByteBuffer.wrap(java.math.BigInteger.valueOf(i * 101L).toByteArray()));
        r.put("tags", List.of("t" + i));
        writer.append(r);
      }
    }
    LoadSpec.FilesSource source = source(dir.resolve("a"), LoadSpec.FileFormat.Avro);
    SourceFile listed = SourceFiles.list(source).get(0);

    assertThat(new AvroFileRows(listed).count()).isEqualTo(50);
    assertThat(rows(source, listed, 47, 49))
        .containsExactly(
            "47 {\"kind\":\"x\",\"id\":47,\"note\":\"n47\",\"amount\":\"47.47\",\"tags\":[\"t47\"]}",
            "48 {\"kind\":\"x\",\"id\":48,\"note\":null,\"amount\":\"48.48\",\"tags\":[\"t48\"]}");
    assertThat(rows(source, listed, 0, 50)).hasSize(50).first().asString().startsWith("0 {");
  }
}
