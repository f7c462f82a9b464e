package io.kafkaload.operator.validation;

import io.kafkaload.operator.api.IcebergCatalogType;
import io.kafkaload.operator.api.KafkaLoad;
import io.kafkaload.operator.api.KafkaLoadSpec;
import io.kafkaload.operator.api.OffsetStoreType;
import io.kafkaload.operator.render.LoadDefaults;
import io.kafkaload.operator.render.WorkloadNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The Secrets (with the keys the worker reads) and PersistentVolumeClaims a load's own spec names,
 * read from the spec alone (pure). The connection's Secrets are its own probe's business. A missing
 * one would leave the worker pod in ContainerCreating or Pending, so the operator looks them up
 * before it creates a workload.
 */
public final class LoadReferences {

  /**
   * One Secret the load needs.
   *
   * @param secret the Secret's name
   * @param keys each group lists alternatives: one key of every group must be present
   * @param field the spec field that names it, for messages
   */
  public record SecretNeed(String secret, List<List<String>> keys, String field) {}

  /**
   * One PersistentVolumeClaim the load mounts and expects to exist.
   *
   * @param claim the claim's name
   * @param field the spec field that names it
   * @param fix what to do besides creating it
   */
  public record ClaimNeed(String claim, String field, String fix) {}

  private LoadReferences() {}

  /** The Secrets of {@code spec.schema.salt}, {@code sink.jdbc} and the Iceberg catalog. */
  public static List<SecretNeed> secrets(KafkaLoadSpec spec) {
    List<SecretNeed> needs = new ArrayList<>();
    var schema = spec.getSchema();
    if (schema != null && schema.getSalt() != null && schema.getSalt().getName() != null) {
      needs.add(
          new SecretNeed(
              schema.getSalt().getName(),
              List.of(List.of(schema.getSalt().getKey())),
              "spec.schema.salt"));
    }
    var sink = spec.getSink();
    if (sink != null && sink.getJdbc() != null && sink.getJdbc().getSecretRef() != null) {
      // The worker reads all three (docs/worker-config.md).
      needs.add(
          new SecretNeed(
              sink.getJdbc().getSecretRef().getName(),
              List.of(List.of("url"), List.of("user"), List.of("password")),
              "spec.sink.jdbc.secretRef"));
    }
    if (sink != null
        && sink.getIceberg() != null
        && sink.getIceberg().getCatalog() != null
        && sink.getIceberg().getCatalog().getSecretRef() != null) {
      var catalog = sink.getIceberg().getCatalog();
      List<List<String>> keys =
          switch (catalog.getType() == null ? IcebergCatalogType.Rest : catalog.getType()) {
            // A token, or a client credential for the OAuth2 flow: either one.
            case Rest -> List.of(List.of("token", "credential"));
            // user and password are optional: an embedded catalog database may have none.
            case Jdbc -> List.of(List.of("url"));
            // Not read, but mounted: the Secret must exist for the pod to start.
            case Hadoop -> List.of();
          };
      needs.add(
          new SecretNeed(
              catalog.getSecretRef().getName(), keys, "spec.sink.iceberg.catalog.secretRef"));
    }
    return needs;
  }

  /**
   * The claims the user names and the operator does not create: {@code sink.files.claimName},
   * {@code source.files.claimName} and {@code offsets.file.claimName}.
   */
  public static List<ClaimNeed> claims(KafkaLoad load) {
    List<ClaimNeed> needs = new ArrayList<>();
    KafkaLoadSpec spec = load.getSpec();
    var sink = spec.getSink();
    if (sink != null && sink.getFiles() != null && sink.getFiles().getClaimName() != null) {
      needs.add(
          new ClaimNeed(
              sink.getFiles().getClaimName(),
              "spec.sink.files.claimName",
              "or remove claimName to write to an emptyDir (trials only: lost with the pod)"));
    }
    var source = spec.getSource();
    if (source != null && source.getFiles() != null && source.getFiles().getClaimName() != null) {
      needs.add(
          new ClaimNeed(
              source.getFiles().getClaimName(),
              "spec.source.files.claimName",
              "or name the claim that holds the files to send"));
    }
    if (LoadDefaults.offsetStore(spec) == OffsetStoreType.File
        && !LoadDefaults.operatorOwnsOffsetsClaim(load)) {
      needs.add(
          new ClaimNeed(
              LoadDefaults.offsetsClaimName(load),
              "spec.offsets.file.claimName",
              "or remove claimName and the operator creates " + WorkloadNames.offsetsClaim(load)));
    }
    return needs;
  }

  /**
   * What is wrong with one needed Secret, if anything.
   *
   * @param presentKeys the keys with a non-empty value, or empty when the Secret does not exist
   * @param namespace the load's namespace, for the message
   */
  public static Optional<String> problem(
      SecretNeed need, Optional<Set<String>> presentKeys, String namespace) {
    if (presentKeys.isEmpty()) {
      return Optional.of(
          "Secret %s (%s) not found in namespace %s; create it%s"
              .formatted(need.secret(), need.field(), namespace, withKeys(need.keys())));
    }
    for (List<String> group : need.keys()) {
      if (group.stream().noneMatch(presentKeys.get()::contains)) {
        return Optional.of(
            group.size() == 1
                ? "Secret %s (%s) has no key %s; add it"
                    .formatted(need.secret(), need.field(), group.get(0))
                : "Secret %s (%s) has none of the keys %s; add one"
                    .formatted(need.secret(), need.field(), String.join(", ", group)));
      }
    }
    return Optional.empty();
  }

  /** The message of a claim that does not exist. */
  public static String missing(ClaimNeed need, String namespace) {
    return "PersistentVolumeClaim %s (%s) not found in namespace %s; create it, %s"
        .formatted(need.claim(), need.field(), namespace, need.fix());
  }

  private static String withKeys(List<List<String>> keys) {
    if (keys.isEmpty()) {
      return "";
    }
    return " with keys "
        + String.join(", ", keys.stream().map(group -> String.join(" or ", group)).toList());
  }
}
