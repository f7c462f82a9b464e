package io.kafkaload.operator.render;

import io.kafkaload.operator.api.KafkaLoad;
import io.kafkaload.operator.api.KafkaLoadSpec;
import io.kafkaload.operator.api.LoadMode;
import io.kafkaload.operator.api.OffsetStoreType;

/**
 * The effective values of spec fields whose defaults the CRD schema cannot express (they depend on
 * other fields), or that a spec read without the API server (examples, tests) may lack.
 */
public final class LoadDefaults {

  /** Size of the offsets PVC the operator creates when the spec names none. */
  public static final String OFFSETS_STORAGE = "1Gi";

  private LoadDefaults() {}

  /** The mode; Batch when absent, as in the schema. */
  public static LoadMode mode(KafkaLoadSpec spec) {
    return spec.getMode() == null ? LoadMode.Batch : spec.getMode();
  }

  /** Whether the load is suspended; false when absent. */
  public static boolean suspended(KafkaLoadSpec spec) {
    return Boolean.TRUE.equals(spec.getSuspend());
  }

  /** The offset store: as written, else Topic for Batch and Group for Streaming. */
  public static OffsetStoreType offsetStore(KafkaLoadSpec spec) {
    if (spec.getOffsets() != null && spec.getOffsets().getStore() != null) {
      return spec.getOffsets().getStore();
    }
    return mode(spec) == LoadMode.Streaming ? OffsetStoreType.Group : OffsetStoreType.Topic;
  }

  /** The PVC of the File store: as written, else {@code <load>-offsets}. */
  public static String offsetsClaimName(KafkaLoad load) {
    var offsets = load.getSpec().getOffsets();
    if (offsets != null && offsets.getFile() != null && offsets.getFile().getClaimName() != null) {
      return offsets.getFile().getClaimName();
    }
    return WorkloadNames.offsetsClaim(load);
  }

  /** Whether the operator creates (and keeps) the offsets PVC itself. */
  public static boolean operatorOwnsOffsetsClaim(KafkaLoad load) {
    var offsets = load.getSpec().getOffsets();
    return offsetStore(load.getSpec()) == OffsetStoreType.File
        && (offsets == null
            || offsets.getFile() == null
            || offsets.getFile().getClaimName() == null);
  }

  /** The size of the operator-created offsets PVC. */
  public static String offsetsStorage(KafkaLoadSpec spec) {
    var offsets = spec.getOffsets();
    if (offsets != null && offsets.getFile() != null && offsets.getFile().getStorage() != null) {
      return offsets.getFile().getStorage();
    }
    return OFFSETS_STORAGE;
  }
}
