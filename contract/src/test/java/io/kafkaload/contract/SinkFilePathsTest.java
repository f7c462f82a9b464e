package io.kafkaload.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The file-or-folder rule alone, on plain values; each side's FilePathsContractTest checks against
 * examples/contract/file-paths.yaml that it applies the rule (with coalesce, the format and the
 * compression) as the corpus says.
 */
class SinkFilePathsTest {

  @ParameterizedTest(name = "{0} -> {1}{2}")
  @CsvSource({
    "/data/out.parquet, .parquet, ''",
    "/data/OUT.PARQUET, .parquet, ''",
    "/data/out.Csv, .csv, ''",
    "/data/out.csv.gz, .csv, .gz",
    "/data/out.CSV.GZ, .csv, .gz",
    "/data/out.jsonl.zst, .jsonl, .zst",
    "/data/out.json, .json, ''",
    "/data/out.avro, .avro, ''",
    "/data/out.parquet.gz, .parquet, .gz",
    "out.avro.zst, .avro, .zst",
    "/a.b/x.csv, .csv, ''",
  })
  void aPathEndingInANameAndADataExtensionNamesAFile(String path, String ext, String suffix) {
    assertThat(SinkFilePaths.fileName(path)).contains(new SinkFilePaths.FileName(ext, suffix));
  }

  @ParameterizedTest(name = "''{0}''")
  @CsvSource({
    "/data/out",
    "/data/out.d",
    "/data/out.csv/",
    "/data/.csv",
    "/data/.csv.gz",
    "/data/out.gz",
    "/data/out.zst",
    "/data/out.txt",
    "/data/out.parquet.bz2",
    "/data/out.csvx",
    "/data.csv/out",
    "/",
    "''",
  })
  void anythingElseNamesAFolder(String path) {
    assertThat(SinkFilePaths.fileName(path)).isEmpty();
    assertThat(SinkFilePaths.folder(path)).isEqualTo(path);
  }

  @Test
  void noPathNamesNoFile() {
    assertThat(SinkFilePaths.fileName(null)).isEqualTo(Optional.empty());
    assertThat(SinkFilePaths.folder(null)).isNull();
  }

  @Test
  void eachExtensionStandsForItsFormat() {
    assertThat(SinkFilePaths.fileName("/d/x.parquet").orElseThrow().format()).isEqualTo("Parquet");
    assertThat(SinkFilePaths.fileName("/d/x.jsonl").orElseThrow().format()).isEqualTo("Json");
    assertThat(SinkFilePaths.fileName("/d/x.json.gz").orElseThrow().format()).isEqualTo("Json");
    assertThat(SinkFilePaths.fileName("/d/x.csv").orElseThrow().format()).isEqualTo("Csv");
    assertThat(SinkFilePaths.fileName("/d/x.avro").orElseThrow().format()).isEqualTo("Avro");
    for (String format : List.of("Parquet", "Json", "Csv", "Avro")) {
      assertThat(SinkFilePaths.extensionsOf(format))
          .isNotEmpty()
          .allSatisfy(
              ext ->
                  assertThat(SinkFilePaths.fileName("/d/x" + ext).orElseThrow().format())
                      .isEqualTo(format));
    }
    assertThat(SinkFilePaths.extensionsOf("Json")).containsExactly(".jsonl", ".json");
    assertThat(SinkFilePaths.extensionsOf("Orc")).isEmpty();
  }

  @ParameterizedTest(name = "{0} {1} -> ''{2}''")
  @CsvSource({
    "Json, Gzip, .gz",
    "Json, Zstd, .zst",
    "Json, None, ''",
    "Csv, Gzip, .gz",
    "Csv, Zstd, .zst",
    "Csv, None, ''",
    "Parquet, Gzip, ''",
    "Parquet, Zstd, ''",
    "Parquet, Snappy, ''",
    "Avro, Zstd, ''",
    "Avro, Deflate, ''",
  })
  void onlyJsonAndCsvAreCompressedWhole(String format, String compression, String suffix) {
    assertThat(SinkFilePaths.suffixOf(format, compression)).isEqualTo(suffix);
  }

  @Test
  void noCompressionIsTheDefaultOfJsonAndCsvWhichIsNone() {
    assertThat(SinkFilePaths.suffixOf("Json", null)).isEmpty();
    assertThat(SinkFilePaths.suffixOf("Csv", null)).isEmpty();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "/data/out.parquet, /data",
    "/data/sub/OUT.CSV.GZ, /data/sub",
    "/out.avro, /",
  })
  void aFilesFolderIsItsParent(String path, String folder) {
    assertThat(SinkFilePaths.folder(path)).isEqualTo(folder);
  }
}
