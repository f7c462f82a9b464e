package io.kafkaload.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The lockdown's statements and their order; what they do in DuckDB is checked where each side
 * opens one (the operator's DuckDbSqlTest, the worker's LockedDownDuckDbTest and its probes).
 */
class DuckDbLockdownTest {

  @Test
  void extensionsGoOffFirst() {
    assertThat(DuckDbLockdown.EXTENSIONS_OFF)
        .containsExactly(
            "SET autoinstall_known_extensions = false",
            "SET autoload_known_extensions = false",
            "SET allow_community_extensions = false");
  }

  @Test
  void externalAccessGoesOffThenTheConfigurationIsLockedLast() {
    assertThat(DuckDbLockdown.SEAL)
        .containsExactly("SET enable_external_access = false", "SET lock_configuration = true");
  }

  @Test
  void withoutFilesIsBothInOrder() {
    List<String> all = DuckDbLockdown.withoutFiles();
    assertThat(all.subList(0, 3)).isEqualTo(DuckDbLockdown.EXTENSIONS_OFF);
    assertThat(all.subList(3, 5)).isEqualTo(DuckDbLockdown.SEAL);
    assertThat(all).hasSize(5).last().isEqualTo("SET lock_configuration = true");
    assertThat(all).allSatisfy(s -> assertThat(s).startsWith("SET ").doesNotContain(";"));
  }
}
