package io.kafkaload.worker.output.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FileNamesTest {

  private static final TopicPartition TP = new TopicPartition("events", 3);

  @Test
  void pads_offsets_to_twenty_digits() {
    assertThat(FileNames.base(TP, 0, 0))
        .isEqualTo("events+3+00000000000000000000+00000000000000000000");
    assertThat(FileNames.base(TP, 1234, Long.MAX_VALUE))
        .isEqualTo("events+3+00000000000000001234+09223372036854775807");
    assertThatThrownBy(() -> FileNames.base(TP, 10, 9))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @CsvSource({
    "events+3+00000000000000000100+00000000000000000199.parquet, parquet, 100",
    "events+3+00000000000000000100+00000000000000000199.jsonl, jsonl, 100",
    "events+3+00000000000000000100+00000000000000000199.jsonl, parquet, -1",
    "events+30+00000000000000000100+00000000000000000199.jsonl, jsonl, -1",
    "events2+3+00000000000000000100+00000000000000000199.jsonl, jsonl, -1",
    "events+3+100+199.jsonl, jsonl, -1",
    "events+3+0000000000000000010x+00000000000000000199.jsonl, jsonl, -1",
    "events+3+00000000000000000100-00000000000000000199.jsonl, jsonl, -1",
    ".events+3+00000000000000000100+00000000000000000199.jsonl.tmp, jsonl, -1",
  })
  void parses_the_first_offset_of_the_partitions_files_only(String name, String ext, long first) {
    assertThat(FileNames.firstOffset(name, TP, ext)).isEqualTo(first);
  }

  @Test
  void parses_the_last_offset() {
    assertThat(FileNames.lastOffset("events+3+00000000000000000100+00000000000000000199.jsonl", TP))
        .isEqualTo(199);
  }

  @Test
  void recognises_the_partitions_temp_files() {
    assertThat(FileNames.temp("a.parquet")).isEqualTo(".a.parquet.tmp");
    assertThat(
            FileNames.isTemp(".events+3+00000000000000000100+00000000000000000199.parquet.tmp", TP))
        .isTrue();
    assertThat(FileNames.isTemp(".events+31+00000000000000000100.parquet.tmp", TP)).isFalse();
    assertThat(FileNames.isTemp("events+3+00000000000000000100.parquet.tmp", TP)).isFalse();
  }
}
