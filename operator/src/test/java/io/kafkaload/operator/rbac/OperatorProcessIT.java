package io.kafkaload.operator.rbac;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRule;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.kafkaload.operator.api.KafkaConnection;
import io.kafkaload.operator.api.KafkaConnectionSpec;
import io.kafkaload.operator.api.KafkaLoad;
import io.kafkaload.operator.config.LeaderElection;
import io.kafkaload.operator.helm.RenderedChart;
import io.kafkaload.operator.status.Conditions;
import io.kafkaload.operator.status.Reasons;
import io.kafkaload.operator.testing.Examples;
import io.kafkaload.operator.testing.TestKafka;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The packaged operator ({@code quarkus-run.jar}, prod profile) as a process against a fabric8 mock
 * API server in CRUD mode: with leader election on it takes the Lease, turns the shipped batch
 * Parquet example (its connection pointed at a real test broker) into a Job owned by the load
 * within seconds, keeps the Lease through a lease duration after that, exits within 10 s of SIGTERM
 * and releases the Lease; with election off it needs no Lease at all. Every request it makes is
 * evaluated against the chart's RBAC; the API server's answer to JOSDK's start-up
 * SelfSubjectRulesReview is the chart's own Lease rules. The mock applies the operator's status
 * writes (server-side apply, which the CRUD mock refuses) as {@link StatusApplyDispatcher} says.
 */
class OperatorProcessIT {

  private static final String NAMESPACE = RenderedChart.NAMESPACE;
  private static final String LOADS = "team-a";
  private static final String TEST_AGENT = "kafkaload-operator-process-it";
  private static final String IDENTITY = "operator-process-it";

  /** A shipped example whose connection the probe can reach (a test broker) and no PVC. */
  private static final Path BATCH_EXAMPLE =
      Examples.repoRoot().resolve("examples/kafkaload-batch-parquet.yaml");

  /** From the Lease taken to the example's Job: "reconciles an example within seconds". */
  private static final Duration EXAMPLE_RUNS_WITHIN = Duration.ofSeconds(10);

  private KubernetesMockServer server;
  private KubernetesClient client;
  private Process operator;
  private Path log;

  @BeforeEach
  void startApiServer() throws IOException {
    // Expectations (the rules review) first, CRUD for the rest: one map for both.
    Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
    server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            expectations,
            new StatusApplyDispatcher(expectations),
            false);
    server.init();
    Config config =
        new ConfigBuilder(Config.empty())
            .withMasterUrl(server.url("/"))
            .withNamespace(LOADS)
            .withUserAgent(TEST_AGENT)
            .build();
    client = new KubernetesClientBuilder().withConfig(config).build();
    for (String crd : List.of("kafkaloads", "kafkaconnections")) {
      try (var in =
          Files.newInputStream(
              Examples.repoRoot().resolve("crds/" + crd + ".kafkaload.io-v1.yml"))) {
        client.apiextensions().v1().customResourceDefinitions().load(in).create();
      }
    }
  }

  @AfterEach
  void stop() {
    if (operator != null && operator.isAlive()) {
      operator.destroyForcibly();
    }
    client.close();
    server.destroy();
  }

  @Test
  void leadsReconcilesAnExampleKeepsLeadingAndExitsPromptlyOnSigterm() throws Exception {
    // The example's connection needs a broker the probe can reach: a real one (KRaft, in this JVM).
    String bootstrapServers = TestKafka.bootstrapServers();
    answerRulesReview(Map.of());
    operator = start(List.of());

    Lease first =
        await("the Lease taken")
            .atMost(Duration.ofSeconds(60))
            .failFast("the operator exited", () -> !operator.isAlive())
            .until(this::lease, l -> l != null && IDENTITY.equals(l.getSpec().getHolderIdentity()));
    long leading = System.nanoTime();

    // A user applies the shipped example to the running leader; only the broker address differs.
    KafkaConnection connection = Examples.connection(BATCH_EXAMPLE);
    connection.getMetadata().setNamespace(LOADS);
    connection.getSpec().setBootstrapServers(bootstrapServers);
    client.resource(connection).create();
    KafkaLoad example = Examples.load(BATCH_EXAMPLE);
    example.getMetadata().setNamespace(LOADS);
    String name = example.getMetadata().getName();
    KafkaLoad load = client.resource(example).create();

    List<Job> jobs;
    try {
      jobs =
          await("the example's Job")
              .atMost(EXAMPLE_RUNS_WITHIN)
              .failFast("the operator exited", () -> !operator.isAlive())
              .until(this::jobs, j -> !j.isEmpty());
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(
          "no Job within %d s of leading; connection:%n%s%nload:%n%s%noperator log:%n%s"
              .formatted(
                  EXAMPLE_RUNS_WITHIN.toSeconds(),
                  Serialization.asYaml(
                      client.resources(KafkaConnection.class).inNamespace(LOADS).list().getItems()),
                  Serialization.asYaml(
                      client.resources(KafkaLoad.class).inNamespace(LOADS).list().getItems()),
                  tail()),
          e);
    }
    Duration sinceLeading = Duration.ofNanos(System.nanoTime() - leading);
    ZonedDateTime jobSeen = ZonedDateTime.now(ZoneOffset.UTC);
    System.out.printf(
        "the example's Job appeared %d ms after the Lease was taken%n", sinceLeading.toMillis());
    assertThat(sinceLeading)
        .as("from leading to the example's Job; log:%n%s", tail())
        .isLessThanOrEqualTo(EXAMPLE_RUNS_WITHIN);
    assertThat(jobs).as("Jobs in %s", LOADS).hasSize(1);
    Job job = jobs.get(0);
    assertThat(uid(load)).as("the load's uid").isNotBlank();
    assertThat(job.getMetadata().getName()).matches(Pattern.quote(name) + "-[0-9a-f]{8}");
    assertThat(job.getMetadata().getOwnerReferences())
        .as("the Job's owner references")
        .singleElement()
        .satisfies(
            owner -> {
              assertThat(owner.getApiVersion()).isEqualTo("kafkaload.io/v1alpha1");
              assertThat(owner.getKind()).isEqualTo(KafkaLoad.KIND);
              assertThat(owner.getName()).isEqualTo(name);
              assertThat(owner.getUid()).isEqualTo(uid(load));
              assertThat(owner.getController()).isTrue();
            });
    assertThat(
            client
                .configMaps()
                .inNamespace(LOADS)
                .withName(name + "-config")
                .get()
                .getMetadata()
                .getOwnerReferences())
        .as("the worker config's owner references")
        .singleElement()
        .satisfies(owner -> assertThat(owner.getUid()).isEqualTo(uid(load)));

    // The statuses, written as the packaged operator writes them (server-side apply).
    assertThat(awaitConnectionReady(connection.getMetadata().getName()))
        .as("the connection's Ready condition")
        .satisfies(
            c -> {
              assertThat(c.getStatus()).isEqualTo(Conditions.TRUE);
              assertThat(c.getReason()).isEqualTo(Reasons.CONNECTED);
            });
    String jobName = job.getMetadata().getName();
    KafkaLoad observed =
        await("the load's status: its Job running")
            .atMost(Duration.ofSeconds(10))
            .failFast("the operator exited", () -> !operator.isAlive())
            .until(
                () -> client.resources(KafkaLoad.class).inNamespace(LOADS).withName(name).get(),
                l ->
                    l.getStatus() != null
                        && l.getStatus().getWorkloadRef() != null
                        && conditions(l).size() == 4);
    assertThat(conditions(observed))
        .as("the load's conditions (status/reason)")
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                Conditions.CONNECTION_READY, "True/" + Reasons.CONNECTED,
                Conditions.READY, "False/" + Reasons.RUN_IN_PROGRESS,
                Conditions.RECONCILING, "True/" + Reasons.RUN_IN_PROGRESS,
                Conditions.STALLED, "False/" + Reasons.SPEC_VALID));
    assertThat(observed.getStatus().getObservedGeneration())
        .isEqualTo(observed.getMetadata().getGeneration());
    assertThat(observed.getStatus().getWorkloadRef().getKind()).isEqualTo("Job");
    assertThat(observed.getStatus().getWorkloadRef().getName()).isEqualTo(jobName);

    reconciles("while-leading");
    // Still the leader a whole lease duration after the Job appeared: renewed since, by this
    // operator, with no change of holder in between; and the load still has that one Job.
    await("the Lease renewed a lease duration after the Job, still held")
        .atMost(Duration.ofSeconds(30))
        .failFast("the operator exited", () -> !operator.isAlive())
        .until(
            this::lease,
            l ->
                IDENTITY.equals(l.getSpec().getHolderIdentity())
                    && l.getSpec().getLeaseTransitions() == first.getSpec().getLeaseTransitions()
                    && l.getSpec()
                        .getRenewTime()
                        .isAfter(jobSeen.plusSeconds(l.getSpec().getLeaseDurationSeconds())));
    assertThat(jobs())
        .as("Jobs in %s after a lease duration", LOADS)
        .extracting(j -> j.getMetadata().getName())
        .containsExactly(jobName);

    assertExitsOnSigterm();
    assertThat(lease().getSpec().getHolderIdentity())
        .as("the Lease is released on shutdown, so a standby leads at once")
        .isEmpty();
    assertRequestsAllowedByChart(
        Map.of(),
        "patch coordination.k8s.io/leases in namespace " + NAMESPACE,
        "patch kafkaload.io/kafkaconnections/status in namespace " + LOADS,
        "patch kafkaload.io/kafkaloads/status in namespace " + LOADS,
        "create core/configmaps in namespace " + LOADS,
        "create batch/jobs in namespace " + LOADS,
        "create core/events in namespace " + LOADS);
  }

  @Test
  void leaderElectionOffNeedsNoLease() throws Exception {
    // The chart renders no Lease Role then: the rules review lists nothing on leases.
    answerRulesReview(Map.of("leaderElection.enabled", false));
    // The chart's way: the environment variable.
    operator = start(List.of(), Map.of("KAFKALOAD_LEADER_ELECTION_ENABLED", "false"));

    reconciles("no-election");
    assertThat(client.leases().inNamespace(NAMESPACE).list().getItems()).isEmpty();
    assertExitsOnSigterm();
    assertRequestsAllowedByChart(Map.of("leaderElection.enabled", false));
  }

  @Test
  void standbyIsNotReadyUntilItHoldsTheLease() throws Exception {
    answerRulesReview(Map.of());
    ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
    client
        .leases()
        .inNamespace(NAMESPACE)
        .resource(
            new LeaseBuilder()
                .withNewMetadata()
                .withName(LeaderElection.LEASE_NAME)
                .withNamespace(NAMESPACE)
                .endMetadata()
                .withNewSpec()
                .withHolderIdentity("another-replica")
                .withLeaseDurationSeconds(3600)
                .withAcquireTime(now)
                .withRenewTime(now)
                .withLeaseTransitions(0)
                .endSpec()
                .build())
        .create();
    // The other replica renews every second, as a live leader does.
    ScheduledExecutorService otherReplica = Executors.newSingleThreadScheduledExecutor();
    otherReplica.scheduleWithFixedDelay(
        () ->
            client
                .leases()
                .inNamespace(NAMESPACE)
                .withName(LeaderElection.LEASE_NAME)
                .edit(
                    l ->
                        new LeaseBuilder(l)
                            .editSpec()
                            .withRenewTime(ZonedDateTime.now(ZoneOffset.UTC))
                            .endSpec()
                            .build()),
        0,
        1,
        TimeUnit.SECONDS);
    operator = start(List.of());

    int port = httpPort();
    await("the standby answers, not ready")
        .atMost(Duration.ofSeconds(60))
        .until(() -> readiness(port), status -> status == 503);
    assertThat(lease().getSpec().getHolderIdentity()).isEqualTo("another-replica");

    // The other replica gives the Lease up (as it does on SIGTERM): this one leads, and is ready.
    otherReplica.shutdown();
    assertThat(otherReplica.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    client
        .leases()
        .inNamespace(NAMESPACE)
        .withName(LeaderElection.LEASE_NAME)
        .edit(
            l ->
                new LeaseBuilder(l)
                    .editSpec()
                    .withHolderIdentity("")
                    .withLeaseDurationSeconds(1)
                    .endSpec()
                    .build());
    await("the leader is ready")
        .atMost(Duration.ofSeconds(30))
        .until(() -> readiness(port), status -> status == 200);
    assertThat(lease().getSpec().getHolderIdentity()).isEqualTo(IDENTITY);
    reconciles("after-takeover");
    assertExitsOnSigterm();
  }

  /** A connection with an invalid spec gets an InvalidSpec Event: the operator reconciles. */
  private void reconciles(String name) {
    KafkaConnection connection = new KafkaConnection();
    connection.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(LOADS).build());
    KafkaConnectionSpec spec = new KafkaConnectionSpec();
    spec.setBootstrapServers("not a host list");
    connection.setSpec(spec);
    client.resource(connection).create();
    await("connection " + name + " reconciled (an Event about it)")
        .atMost(Duration.ofSeconds(60))
        .failFast("the operator exited", () -> !operator.isAlive())
        .until(
            () ->
                client.v1().events().inNamespace(LOADS).list().getItems().stream()
                    .anyMatch(e -> name.equals(e.getInvolvedObject().getName())));
  }

  private void assertExitsOnSigterm() throws Exception {
    assertThat(operator.isAlive()).as("operator still running; log: %s", tail()).isTrue();
    long start = System.nanoTime();
    operator.destroy(); // SIGTERM
    boolean exited = operator.waitFor(10, TimeUnit.SECONDS);
    assertThat(exited).as("the operator exits within 10 s of SIGTERM; log:%n%s", tail()).isTrue();
    System.out.printf(
        "operator exited %d ms after SIGTERM with status %d%n",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), operator.exitValue());
  }

  /**
   * Every request the operator made is allowed by the chart rendered with {@code values}; {@code
   * including} are request shapes ({@link ApiRequest#shape()}) that must be among those judged.
   */
  private void assertRequestsAllowedByChart(Map<String, Object> values, String... including)
      throws Exception {
    List<ApiRequest> requests = RbacAudit.drain(server, TEST_AGENT);
    assertThat(requests).as("requests the operator made").hasSizeGreaterThan(5);
    if (including.length > 0) {
      assertThat(requests.stream().map(ApiRequest::shape).distinct())
          .as("the kinds of request the operator made")
          .contains(including);
    }
    assertThat(RbacAudit.clusterWideProblems(requests, values))
        .as("requests the default chart's RBAC forbids")
        .isEmpty();
    assertThat(RbacAudit.namespacedProblems(requests, LOADS, values))
        .as("requests a watchNamespaces install's RBAC forbids")
        .isEmpty();
  }

  /**
   * JOSDK checks its Lease permissions with a SelfSubjectRulesReview at start-up; answer with the
   * rules the chart grants in the operator's namespace, as a real API server would.
   */
  private void answerRulesReview(Map<String, Object> values) {
    List<ResourceRule> rules = new ArrayList<>();
    for (var role : RenderedChart.render(values).ofKind("Role")) {
      if (!NAMESPACE.equals(role.at("/metadata/namespace").asText())) {
        continue;
      }
      for (var rule : role.path("rules")) {
        ResourceRule resourceRule = new ResourceRule();
        resourceRule.setApiGroups(strings(rule.path("apiGroups")));
        resourceRule.setResources(strings(rule.path("resources")));
        resourceRule.setVerbs(strings(rule.path("verbs")));
        rules.add(resourceRule);
      }
    }
    SelfSubjectRulesReview review =
        new SelfSubjectRulesReviewBuilder()
            .withNewSpec()
            .withNamespace(NAMESPACE)
            .endSpec()
            .withNewStatus()
            .withIncomplete(false)
            .withResourceRules(rules)
            .endStatus()
            .build();
    server
        .expect()
        .post()
        .withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
        .andReturn(201, review)
        .always();
  }

  private Process start(List<String> options) throws IOException {
    return start(options, Map.of());
  }

  private Process start(List<String> options, Map<String, String> environment) throws IOException {
    Path jar =
        Path.of(System.getProperty("kafkaload.operator.jar", "target/quarkus-app/quarkus-run.jar"));
    assertThat(jar)
        .as("the packaged operator; run mvn -B -pl operator -am verify (package builds it)")
        .exists();
    log = Files.createTempFile("kafkaload-operator-", ".log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Dquarkus.kubernetes-client.api-server-url=" + server.url("/"));
    command.add("-Dquarkus.kubernetes-client.namespace=" + NAMESPACE);
    command.add("-Dkubernetes.auth.tryKubeConfig=false");
    command.add("-Dkubernetes.auth.tryServiceAccount=false");
    command.add("-Dquarkus.http.port=0");
    command.add("-Dkafkaload.leader-election.identity=" + IDENTITY);
    command.add("-Dkafkaload.leader-election.lease-duration=4s");
    command.add("-Dkafkaload.leader-election.renew-deadline=3s");
    command.add("-Dkafkaload.leader-election.retry-period=1s");
    command.addAll(options);
    command.add("-jar");
    command.add(jar.toAbsolutePath().toString());
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(environment);
    return builder.start();
  }

  /** The HTTP port the operator logged ("Listening on: http://0.0.0.0:PORT"). */
  private int httpPort() {
    Pattern listening = Pattern.compile("Listening on: http://[^:]+:(\\d+)");
    return await("the operator listening")
        .atMost(Duration.ofSeconds(60))
        .failFast("the operator exited", () -> !operator.isAlive())
        .until(
            () -> {
              Matcher m = listening.matcher(Files.readString(log));
              return m.find() ? Integer.parseInt(m.group(1)) : 0;
            },
            p -> p > 0);
  }

  private static int readiness(int port) {
    try {
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/q/health/ready"))
                      .timeout(Duration.ofSeconds(5))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      return response.statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private List<Job> jobs() {
    return client.batch().v1().jobs().inNamespace(LOADS).list().getItems();
  }

  private static String uid(HasMetadata resource) {
    return resource.getMetadata().getUid();
  }

  /** The conditions of a load, type to "status/reason". */
  private static Map<String, String> conditions(KafkaLoad load) {
    Map<String, String> conditions = new HashMap<>();
    for (Condition c : load.getStatus().getConditions()) {
      conditions.put(c.getType(), c.getStatus() + "/" + c.getReason());
    }
    return conditions;
  }

  /** The connection's Ready condition, once it has one. */
  private Condition awaitConnectionReady(String name) {
    return await("connection " + name + " probed")
        .atMost(Duration.ofSeconds(10))
        .failFast("the operator exited", () -> !operator.isAlive())
        .until(
            () -> {
              KafkaConnection c =
                  client.resources(KafkaConnection.class).inNamespace(LOADS).withName(name).get();
              return c == null || c.getStatus() == null
                  ? null
                  : Conditions.find(c.getStatus().getConditions(), Conditions.READY).orElse(null);
            },
            c -> c != null);
  }

  private Lease lease() {
    return client.leases().inNamespace(NAMESPACE).withName(LeaderElection.LEASE_NAME).get();
  }

  private String tail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static List<String> strings(com.fasterxml.jackson.databind.JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false)
        .map(com.fasterxml.jackson.databind.JsonNode::asText)
        .toList();
  }
}
