package io.kafkaload.worker.decode;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;

/**
 * The JSON factory for reading rows the decoders made (every check of the row's own stage reads
 * them with it): no size or depth limits, as the value's limits were checked when it was decoded,
 * and Avro's NaN and infinities, which reach the rows as bare tokens ({@link AvroRows}), allowed.
 */
public final class RowJson {

  public static final JsonFactory FACTORY =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxNestingDepth(Integer.MAX_VALUE)
                  .maxNumberLength(Integer.MAX_VALUE)
                  .maxStringLength(Integer.MAX_VALUE)
                  .maxNameLength(Integer.MAX_VALUE)
                  .maxDocumentLength(-1)
                  .build())
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .build();

  private RowJson() {}
}
