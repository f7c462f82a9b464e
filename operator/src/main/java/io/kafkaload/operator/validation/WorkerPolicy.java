package io.kafkaload.operator.validation;

import io.kafkaload.operator.api.KafkaLoadSpec;
import io.kafkaload.operator.api.WorkerPodSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a KafkaLoad may choose for its worker pods, as the installer decided. The operator creates
 * Jobs and Deployments with its own permissions: a load naming any image or any of its namespace's
 * ServiceAccounts would let whoever may create KafkaLoads run pods they may not create themselves
 * (a confused deputy). So {@code spec.worker.image} must be the operator's worker image or match an
 * allowed pattern, and {@code spec.worker.serviceAccountName} the default worker account or an
 * allowed name.
 *
 * @param defaultImage the worker image of loads that name none
 * @param allowedImages further images: exact names, or a prefix ending in {@code *}
 * @param defaultServiceAccount the worker account of loads that name none; null: the namespace's
 *     default
 * @param allowedServiceAccounts further ServiceAccount names a load may name
 */
public record WorkerPolicy(
    String defaultImage,
    List<String> allowedImages,
    String defaultServiceAccount,
    List<String> allowedServiceAccounts) {

  public WorkerPolicy {
    Objects.requireNonNull(defaultImage);
    allowedImages = clean(allowedImages);
    allowedServiceAccounts = clean(allowedServiceAccounts);
    defaultServiceAccount =
        defaultServiceAccount == null || defaultServiceAccount.isBlank()
            ? null
            : defaultServiceAccount.trim();
  }

  /** The problems of the spec's worker choices; empty when allowed. */
  public List<String> problems(KafkaLoadSpec spec) {
    List<String> problems = new ArrayList<>();
    WorkerPodSpec worker = spec == null ? null : spec.getWorker();
    if (worker == null) {
      return problems;
    }
    String image = worker.getImage();
    if (image != null && !imageAllowed(image)) {
      problems.add(
          ("spec.worker.image: '%s' is not an image this operator runs; remove it to run %s,"
                  + " or ask the operator's installer to allow it (chart value"
                  + " worker.allowedImages%s)")
              .formatted(image, defaultImage, listed(allowedImages)));
    }
    String account = worker.getServiceAccountName();
    if (account != null && !accountAllowed(account)) {
      problems.add(
          ("spec.worker.serviceAccountName: '%s' is not a ServiceAccount this operator runs"
                  + " workers as; remove it to use %s, or ask the operator's installer to allow it"
                  + " (chart value worker.allowedServiceAccounts%s)")
              .formatted(
                  account,
                  defaultServiceAccount == null
                      ? "the namespace's default account"
                      : "'" + defaultServiceAccount + "'",
                  listed(allowedServiceAccounts)));
    }
    return problems;
  }

  private boolean imageAllowed(String image) {
    if (image.equals(defaultImage)) {
      return true;
    }
    for (String allowed : allowedImages) {
      if (allowed.endsWith("*")
          ? image.startsWith(allowed.substring(0, allowed.length() - 1))
          : image.equals(allowed)) {
        return true;
      }
    }
    return false;
  }

  private boolean accountAllowed(String account) {
    return account.equals(defaultServiceAccount) || allowedServiceAccounts.contains(account);
  }

  private static String listed(List<String> allowed) {
    return allowed.isEmpty() ? ", now empty" : ", now " + allowed;
  }

  private static List<String> clean(List<String> values) {
    return values == null
        ? List.of()
        : values.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
  }
}
