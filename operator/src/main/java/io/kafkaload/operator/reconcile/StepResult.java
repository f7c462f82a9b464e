package io.kafkaload.operator.reconcile;

import io.kafkaload.operator.status.LoadOutcome;

/**
 * What a workload step concluded.
 *
 * @param outcome the conditions to write
 * @param recheck whether to look again soon (a finished Job whose run report was not read yet)
 * @param created whether this step created the workload (an event says so)
 */
record StepResult(LoadOutcome outcome, boolean recheck, boolean created) {

  StepResult(LoadOutcome outcome, boolean recheck) {
    this(outcome, recheck, false);
  }
}
