package io.kafkaload.operator.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkaload.operator.api.KafkaLoadSpec;
import io.kafkaload.operator.api.WorkerPodSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkerPolicyTest {

  private static final String DEFAULT = "ghcr.io/kafkaload/worker:0.1.0";

  private static final WorkerPolicy STRICT = new WorkerPolicy(DEFAULT, List.of(), null, List.of());

  private static final WorkerPolicy ALLOWING =
      new WorkerPolicy(
          DEFAULT,
          List.of("registry.example.com/kafkaload/worker:*", "mirror.example.com/worker:0.1.0"),
          "kafkaload-worker",
          List.of("loader"));

  @Test
  void loadsWithoutChoicesOrWithTheDefaultsPass() {
    assertThat(STRICT.problems(spec(null, null))).isEmpty();
    assertThat(STRICT.problems(new KafkaLoadSpec())).isEmpty();
    assertThat(STRICT.problems(spec(DEFAULT, null))).isEmpty();
    assertThat(ALLOWING.problems(spec(DEFAULT, "kafkaload-worker"))).isEmpty();
  }

  @Test
  void allowedImagesAreExactNamesOrPrefixes() {
    assertThat(ALLOWING.problems(spec("registry.example.com/kafkaload/worker:0.2.0", null)))
        .isEmpty();
    assertThat(ALLOWING.problems(spec("mirror.example.com/worker:0.1.0", "loader"))).isEmpty();
    assertThat(ALLOWING.problems(spec("mirror.example.com/worker:latest", null))).hasSize(1);
    assertThat(ALLOWING.problems(spec("registry.example.com/kafkaload/other:1", null))).hasSize(1);
  }

  @Test
  void anyOtherImageOrAccountIsRefusedNamingFieldAndFix() {
    assertThat(STRICT.problems(spec("attacker.example.com/shell:latest", "admin")))
        .containsExactly(
            "spec.worker.image: 'attacker.example.com/shell:latest' is not an image this operator"
                + " runs; remove it to run ghcr.io/kafkaload/worker:0.1.0, or ask the operator's"
                + " installer to allow it (chart value worker.allowedImages, now empty)",
            "spec.worker.serviceAccountName: 'admin' is not a ServiceAccount this operator runs"
                + " workers as; remove it to use the namespace's default account, or ask the"
                + " operator's installer to allow it (chart value worker.allowedServiceAccounts,"
                + " now empty)");
    assertThat(ALLOWING.problems(spec(null, "default")))
        .containsExactly(
            "spec.worker.serviceAccountName: 'default' is not a ServiceAccount this operator runs"
                + " workers as; remove it to use 'kafkaload-worker', or ask the operator's"
                + " installer to allow it (chart value worker.allowedServiceAccounts, now"
                + " [loader])");
  }

  private static KafkaLoadSpec spec(String image, String serviceAccount) {
    WorkerPodSpec worker = new WorkerPodSpec();
    worker.setImage(image);
    worker.setServiceAccountName(serviceAccount);
    KafkaLoadSpec spec = new KafkaLoadSpec();
    spec.setWorker(worker);
    return spec;
  }
}
