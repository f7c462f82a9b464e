package io.kafkaload.operator.status;

/** The condition reasons the operator writes: CamelCase, an enumerated list. */
public final class Reasons {

  /** The spec cannot be run; the message names the field and the fix. */
  public static final String INVALID_SPEC = "InvalidSpec";

  /** The spec passed validation. */
  public static final String SPEC_VALID = "SpecValid";

  /** The KafkaConnection is missing or not Ready. */
  public static final String CONNECTION_NOT_READY = "ConnectionNotReady";

  /** The KafkaConnection does not exist. */
  public static final String CONNECTION_NOT_FOUND = "ConnectionNotFound";

  /** A probe reached the cluster. */
  public static final String CONNECTED = "Connected";

  /** A probe could not reach the cluster. */
  public static final String UNREACHABLE = "Unreachable";

  /** The brokers refused the credentials. */
  public static final String AUTHENTICATION_FAILED = "AuthenticationFailed";

  /** A Secret (or one of its keys) the connection or the load refers to does not exist. */
  public static final String SECRET_MISSING = "SecretMissing";

  /** A PersistentVolumeClaim the load names does not exist. */
  public static final String CLAIM_NOT_FOUND = "ClaimNotFound";

  /** A scheduled load waits for its next run (the last one, if any, succeeded). */
  public static final String SCHEDULED = "Scheduled";

  /** The connection has not been probed yet. */
  public static final String PROBING = "Probing";

  /** A batch run is in progress. */
  public static final String RUN_IN_PROGRESS = "RunInProgress";

  /** The last batch run succeeded. */
  public static final String RUN_SUCCEEDED = "RunSucceeded";

  /** A run's Job was deleted before the operator could read its result. */
  public static final String RUN_RESULT_UNKNOWN = "RunResultUnknown";

  /** The last batch run failed. */
  public static final String RUN_FAILED = "RunFailed";

  /** Streaming workers are starting or rolling. */
  public static final String ROLLOUT_IN_PROGRESS = "RolloutInProgress";

  /** All streaming workers are ready. */
  public static final String RUNNING = "Running";

  /** Streaming: a worker was killed for its memory (OOMKilled) and not every worker is ready. */
  public static final String WORKER_OOM_KILLED = "WorkerOOMKilled";

  /** spec.suspend is true. */
  public static final String SUSPENDED = "Suspended";

  /** A reconcile failed (for example a write the API server refused); it is retried. */
  public static final String RECONCILE_ERROR = "ReconcileError";

  private Reasons() {}
}
