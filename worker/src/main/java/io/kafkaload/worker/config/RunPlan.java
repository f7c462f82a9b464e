package io.kafkaload.worker.config;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * What a run takes from where it runs rather than from its KafkaLoad, resolved once at start-up
 * from the environment, the command line and the config's {@code runtime} block, then passed down:
 * nothing below the CLI reads the environment for these (docs/worker-config.md, "The run's plan",
 * gives the precedence). Tests build it from a map instead of environment variables.
 *
 * @param secretsDir where Secret keys are read ({@code <secretsDir>/<secret>/<key>}): the config's
 *     {@code runtime.secretsDir}, else {@code $KAFKALOAD_SECRETS_DIR}, else {@code ./secrets}
 * @param offsetsDir the {@code File} offset store's folder: {@code runtime.offsetsDir}, else {@code
 *     --offsets-dir}; null when there is none (the File store then refuses to start)
 * @param scratchDir where a table sink spools and converts its chunks: {@code
 *     $KAFKALOAD_SCRATCH_DIR}, else {@code <java.io.tmpdir>/kafkaload-scratch}
 * @param runId the run's id, the same across restarts of one run when the operator sets it (an
 *     Iceberg Overwrite replaces the table once per run): {@code $KAFKALOAD_RUN_ID}, else {@code
 *     <namespace>/<name>@<start>}; null before the load is known
 * @param terminationLog the file Kubernetes reads the termination message from (written only when
 *     writable): {@code $KAFKALOAD_TERMINATION_LOG}, else {@code /dev/termination-log}
 * @param inPod {@code $KUBERNETES_SERVICE_HOST} is set: the metrics endpoint listens on every
 *     interface instead of the loopback
 * @param dumbTerminal {@code $TERM} is {@code dumb}: the progress is logged, not redrawn in place
 */
public record RunPlan(
    Path secretsDir,
    Path offsetsDir,
    Path scratchDir,
    String runId,
    Path terminationLog,
    boolean inPod,
    boolean dumbTerminal) {

  public static final String SECRETS_DIR_ENV = "KAFKALOAD_SECRETS_DIR";
  public static final String SCRATCH_DIR_ENV = "KAFKALOAD_SCRATCH_DIR";
  public static final String RUN_ID_ENV = "KAFKALOAD_RUN_ID";
  public static final String TERMINATION_LOG_ENV = "KAFKALOAD_TERMINATION_LOG";

  /** The secrets folder when nothing names one. */
  static final String DEFAULT_SECRETS_DIR = "secrets";

  /** {@link #fromEnvironment} of this process's environment: the one place a run reads it. */
  public static RunPlan fromSystem(Path offsetsDir) {
    return fromEnvironment(System.getenv(), offsetsDir);
  }

  /**
   * The plan before any config is read: the environment {@code env}, and {@code offsetsDir} for the
   * File store of a local run ({@code --offsets-dir}; null for none).
   */
  public static RunPlan fromEnvironment(Map<String, String> env, Path offsetsDir) {
    String secrets = given(env, SECRETS_DIR_ENV);
    String scratch = given(env, SCRATCH_DIR_ENV);
    String termination = given(env, TERMINATION_LOG_ENV);
    return new RunPlan(
        Path.of(secrets == null ? DEFAULT_SECRETS_DIR : secrets).toAbsolutePath(),
        offsetsDir == null ? null : offsetsDir.toAbsolutePath(),
        scratch != null
            ? Path.of(scratch)
            : Path.of(System.getProperty("java.io.tmpdir"), "kafkaload-scratch"),
        given(env, RUN_ID_ENV),
        Path.of(termination == null ? "/dev/termination-log" : termination),
        env.get("KUBERNETES_SERVICE_HOST") != null,
        "dumb".equals(env.get("TERM")));
  }

  /**
   * The folders as a config's {@code runtime} block: the block a KafkaLoad YAML gets, and the
   * fields a rendered config leaves out ({@link ConfigLoader#load}).
   */
  public WorkerConfig.Runtime runtime() {
    return new WorkerConfig.Runtime(
        secretsDir.toString(), offsetsDir == null ? null : offsetsDir.toString());
  }

  /**
   * The plan of {@code config}'s run, started at {@code start}: the folders of its {@code runtime}
   * block win over this plan's (the operator resolved them for the pod); the run id, unless the
   * environment gave one, is the load's name and the start.
   */
  public RunPlan forLoad(WorkerConfig config, Instant start) {
    WorkerConfig.Runtime runtime = config.runtime();
    String secrets = runtime == null ? null : runtime.secretsDir();
    String offsets = runtime == null ? null : runtime.offsetsDir();
    return new RunPlan(
        secrets == null ? secretsDir : Path.of(secrets),
        offsets == null ? offsetsDir : Path.of(offsets),
        scratchDir,
        runId != null ? runId : config.load().qualified() + "@" + start,
        terminationLog,
        inPod,
        dumbTerminal);
  }

  /**
   * The secrets folder of {@code config} for code given the config alone: its {@code
   * runtime.secretsDir}, which a loaded config always has ({@link #runtime}), else {@code
   * ./secrets}.
   */
  public static Path secretsDir(WorkerConfig config) {
    String dir = config.runtime() == null ? null : config.runtime().secretsDir();
    return Path.of(dir == null ? DEFAULT_SECRETS_DIR : dir);
  }

  private static String given(Map<String, String> env, String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? null : value;
  }
}
