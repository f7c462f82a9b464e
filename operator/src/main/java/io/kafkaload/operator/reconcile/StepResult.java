package io.kafkaload.operator.reconcile;

import io.kafkaload.operator.status.LoadOutcome;

/**
 * What a workload step concluded.
 *
 * @param outcome the conditions to write
 * @param recheck whether to look again soon (a finished Job whose run report was not read yet)
 */
record StepResult(LoadOutcome outcome, boolean recheck) {}
