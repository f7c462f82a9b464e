package io.kafkaload.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.kafkaload.operator.api.KafkaLoad;
import io.kafkaload.operator.api.WorkerPodSpec;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * A load may choose only the worker images and ServiceAccounts the installer allowed (the test
 * profile allows {@code registry.example.com/kafkaload/worker:*} and {@code loader}, as the chart's
 * worker.allowedImages and worker.allowedServiceAccounts would): anything else stalls the load, and
 * no pod runs with it.
 */
@QuarkusTest
class WorkerPolicyOperatorTest {

  private static final String BATCH = "kafkaload-batch-parquet.yaml";

  @Inject Fixtures fixtures;

  @Test
  void foreignImageAndServiceAccountAreRefusedAtApplyTime() {
    fixtures.readyConnection("policy-kafka");
    fixtures.create(load("deputy", "attacker.example.com/shell:latest", "admin"));

    var stalled = fixtures.awaitLoadCondition("deputy", "Stalled", "True", "InvalidSpec");
    assertThat(stalled.getMessage())
        .contains("spec.worker.image: 'attacker.example.com/shell:latest' is not an image")
        .contains("worker.allowedImages")
        .contains("spec.worker.serviceAccountName: 'admin' is not a ServiceAccount")
        .contains("worker.allowedServiceAccounts");
    fixtures.awaitLoadCondition("deputy", "Ready", "False", "InvalidSpec");
    assertThat(fixtures.jobsOf("deputy")).isEmpty();
  }

  @Test
  void allowedImageAndServiceAccountRun() {
    fixtures.readyConnection("policy-kafka-ok");
    fixtures.create(
        load("allowed-worker", "registry.example.com/kafkaload/worker:0.2.0", "loader"));
    Job job = fixtures.awaitSingleJob("allowed-worker");
    var pod = job.getSpec().getTemplate().getSpec();
    assertThat(pod.getContainers().get(0).getImage())
        .isEqualTo("registry.example.com/kafkaload/worker:0.2.0");
    assertThat(pod.getServiceAccountName()).isEqualTo("loader");
  }

  private static KafkaLoad load(String name, String image, String serviceAccount) {
    String connection = name.equals("deputy") ? "policy-kafka" : "policy-kafka-ok";
    KafkaLoad load = Fixtures.exampleLoad(BATCH, name, connection);
    WorkerPodSpec worker =
        load.getSpec().getWorker() == null ? new WorkerPodSpec() : load.getSpec().getWorker();
    worker.setImage(image);
    worker.setServiceAccountName(serviceAccount);
    load.getSpec().setWorker(worker);
    return load;
  }
}
