package io.kafkaload.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SourceFilePathsTest {

  @ParameterizedTest
  @CsvSource({
    "/data/events, FOLDER, /data/events, '', ''",
    "/data/events/, FOLDER, /data/events, '', ''",
    "/data/events.parquet, FILE, /data, '', Parquet",
    "/events.csv, FILE, /, '', Csv",
    "/data/in/part-0.JSONL, FILE, /data/in, '', Json",
    "/data/in/logs.json.gz, FILE, /data/in, '', Json",
    "/data/in/x.avro, FILE, /data/in, '', Avro",
    "/data/events/*.parquet, GLOB, /data/events, *.parquet, Parquet",
    "/data/events/**, GLOB, /data/events, **, ''",
    "/data/events/dt=*/*.csv, GLOB, /data/events, dt=*/*.csv, Csv",
    "/*.parquet, GLOB, /, *.parquet, Parquet",
    "/data/ev?nts/a.parquet, GLOB, /data, ev?nts/a.parquet, Parquet",
    "'/data/{a,b}/x.csv', GLOB, /data, '{a,b}/x.csv', Csv",
    "/data/v1.2, FOLDER, /data/v1.2, '', ''",
  })
  void judgesPaths(String path, String kind, String base, String glob, String format) {
    assertEquals(SourceFilePaths.Kind.valueOf(kind), SourceFilePaths.kind(path));
    assertEquals(base, SourceFilePaths.baseFolder(path));
    assertEquals(glob.isEmpty() ? Optional.empty() : Optional.of(glob), SourceFilePaths.glob(path));
    assertEquals(
        format.isEmpty() ? Optional.empty() : Optional.of(format), SourceFilePaths.formatOf(path));
    assertNull(SourceFilePaths.problem(path));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        " ",
        "data/events",
        "./x",
        "/data/../etc",
        "/data/./x",
        "/data/.hidden.csv",
        "/data/_SUCCESS.json"
      })
  void refusesPaths(String path) {
    assertNotNull(SourceFilePaths.problem(path), path);
  }

  @ParameterizedTest
  @ValueSource(strings = {".x.parquet", "_SUCCESS", "dt=1/_temporary/a.csv", "a/.git/b.json"})
  void hiddenPaths(String relative) {
    assertTrue(SourceFilePaths.hidden(relative));
  }

  @ParameterizedTest
  @ValueSource(strings = {"a.parquet", "dt=2024-01-01/part-0.csv", "x_y/a.b.json"})
  void visiblePaths(String relative) {
    assertFalse(SourceFilePaths.hidden(relative));
  }

  @ParameterizedTest
  @CsvSource({
    "/lake/in/*.parquet, /lake/in/out, true",
    "/lake/in/a.parquet, /lake, true",
    "/lake/in, /LAKE/IN/, true",
    "/lake/in/a.parquet, /lake/out, false",
    "/lake/in, /lake/input, false",
    "/data/x.csv, /, true",
    "/x.csv, /out, true",
    "/lake/in, /lake/in/out.parquet, true",
  })
  void judgesWhetherALoadReadsItsOwnOutput(String source, String sink, boolean reads) {
    assertEquals(reads, SourceFilePaths.readsOutput(source, sink));
  }
}
