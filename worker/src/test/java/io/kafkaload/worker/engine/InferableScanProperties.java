package io.kafkaload.worker.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkaload.worker.decode.JsonDecoder;
import io.kafkaload.worker.engine.GeneratedRecords.Gen;
import io.kafkaload.worker.validate.InferableRow;
import io.kafkaload.worker.validate.InferableScan;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * On generated hostile values (see {@link GeneratedRecords}), in load order: the check of
 * schemaless rows run inside the decoder's pass ({@link InferableScan}, what {@link Pipeline} uses
 * for JSON) answers every value the decoder accepts exactly as {@link InferableRow#check} parsing
 * it again (same reason, same byte, or none), and values the decoder refuses change nothing for the
 * rows after them.
 */
class InferableScanProperties {

  @Provide
  Arbitrary<List<Gen>> loads() {
    return GeneratedRecords.records().list().ofMinSize(1).ofMaxSize(40);
  }

  @Property
  void theDecodersPassAnswersLikeASecondParse(
      @ForAll("loads") List<Gen> records, @ForAll boolean metadata) {
    List<String> columns = metadata ? List.of("_offset", "_key", "_timestamp") : List.of();
    InferableRow parsed = new InferableRow(columns, true);
    InferableScan scanned = new InferableScan(new InferableRow(columns, true));
    JsonDecoder decoder = new JsonDecoder();
    JsonDecoder.Shape shape = new JsonDecoder.Shape();
    for (Gen g : records) {
      if (g.value() == null) {
        continue; // a tombstone reaches no check
      }
      scanned.begin();
      String decoded = decoder.check(g.value(), shape, scanned);
      String inferred = scanned.end(decoded == null);
      if (decoded == null) {
        assertThat(inferred).as(g.toString()).isEqualTo(parsed.check(g.value()));
      } else {
        assertThat(inferred).isNull();
      }
    }
  }
}
