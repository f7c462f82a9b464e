package io.kafkaload.worker.source.kafka.plan;

import io.kafkaload.worker.config.LoadSpec;

/**
 * How a load runs, as far as offsets are concerned. Spark checks options by query kind (batch or
 * streaming), while whether a run has an end depends on the trigger too: a streaming load with
 * trigger Once is a streaming query (ending options are refused, {@code latest} is a valid start)
 * that stops at the latest offsets seen at start.
 */
public enum RunMode {
  /** mode Batch: Spark's batch query rules, bounded. */
  BATCH,
  /** mode Streaming, trigger Once: streaming rules, bounded by the latest offsets at start. */
  ONCE,
  /** mode Streaming, other triggers: streaming rules, no end. */
  STREAMING;

  /** The mode of {@code spec}. */
  public static RunMode of(LoadSpec spec) {
    if (spec.modeOrDefault() == LoadSpec.Mode.Batch) {
      return BATCH;
    }
    return spec.triggerOrDefault() == LoadSpec.TriggerType.Once ? ONCE : STREAMING;
  }

  /** Whether the run stops at end offsets planned at its start. */
  public boolean bounded() {
    return this != STREAMING;
  }

  /** Whether Spark's batch rules apply (else its streaming rules). */
  public boolean batchRules() {
    return this == BATCH;
  }
}
