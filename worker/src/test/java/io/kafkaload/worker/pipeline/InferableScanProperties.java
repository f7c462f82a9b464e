package io.kafkaload.worker.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkaload.worker.decode.JsonDecoder;
import io.kafkaload.worker.pipeline.GeneratedRecords.Gen;
import io.kafkaload.worker.validate.InferableRow;
import io.kafkaload.worker.validate.InferableScan;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
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

  /**
   * Loads whose rows repeat a few skeletons (rows drawn again and again from a small pool), so that
   * rows follow the trace of the last fine row ({@link InferableScan}), leave it at every kind of
   * event, or end inside it.
   */
  @Provide
  Arbitrary<List<Gen>> repeatingLoads() {
    return drawnAgain(GeneratedRecords.records().list().ofMinSize(1).ofMaxSize(5), 60);
  }

  /** Up to {@code most} rows drawn, with repeats, from a pool of rows. */
  private static Arbitrary<List<Gen>> drawnAgain(Arbitrary<List<Gen>> pools, int most) {
    return pools.flatMap(
        pool ->
            Arbitraries.integers()
                .between(0, pool.size() - 1)
                .list()
                .ofMinSize(1)
                .ofMaxSize(most)
                .map(picks -> picks.stream().map(pool::get).toList()));
  }

  @Property
  void rowsOfRepeatedSkeletonsAnswerLikeASecondParse(
      @ForAll("repeatingLoads") List<Gen> records, @ForAll boolean metadata) {
    theDecodersPassAnswersLikeASecondParse(records, metadata);
  }

  /**
   * Variants of one small row, in any order and repeated: members cut, added, renamed, given a
   * value of another kind (integers exact in a double or not, beyond 64 bits, fractions, out of a
   * double's range, strings, booleans, null, objects, arrays), named like a metadata column, empty
   * or twice.
   */
  @Provide
  Arbitrary<List<Gen>> variants() {
    Arbitrary<String> member =
        Combinators.combine(
                Arbitraries.of("a", "b", "A", "c", "_offset", "", "b"),
                Arbitraries.of(
                    "1",
                    "-7",
                    "2.5",
                    "9007199254740993",
                    "123456789012345678901",
                    "1e999",
                    "\"x\"",
                    "true",
                    "null",
                    "{}",
                    "[]",
                    "{\"a\":1}",
                    "{\"a\":2.5}",
                    "[1,\"x\"]",
                    "[[1]]"))
            .as((n, v) -> "\"" + n + "\":" + v);
    Arbitrary<Gen> row =
        member
            .list()
            .ofMaxSize(5)
            .map(
                ms ->
                    new Gen(
                        ("{" + String.join(",", ms) + "}").getBytes(StandardCharsets.UTF_8),
                        null,
                        0));
    return drawnAgain(row.list().ofMinSize(1).ofMaxSize(6), 40);
  }

  @Property
  void variantsOfOneRowAnswerLikeASecondParse(
      @ForAll("variants") List<Gen> records, @ForAll boolean metadata) {
    theDecodersPassAnswersLikeASecondParse(records, metadata);
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
