package io.kafkaload.worker.pipeline;

/**
 * The validation stage ({@code spec.schema}) as the pipeline sees it: {@link #check} returns null
 * when the row is accepted, and then {@link #row} is the row to write, else a precise one-line
 * reason (stage {@code validate}). Called on the consumer thread for every decoded row.
 */
public interface RowCheck {
  String check(byte[] row);

  byte[] row();
}
