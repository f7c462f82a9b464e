package io.kafkaload.operator.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ConditionsTest {

  private static final Instant T1 = Instant.parse("2026-11-25T13:00:00.123Z");
  private static final Instant T2 = Instant.parse("2026-11-25T14:00:00Z");

  @ParameterizedTest(name = "{0} -> {1}: transition moves = {2}")
  @CsvSource({
    "True,True,false",
    "False,False,false",
    "Unknown,Unknown,false",
    "True,False,true",
    "False,True,true",
    "Unknown,True,true",
  })
  void lastTransitionTimeMovesOnlyWhenStatusFlips(String from, String to, boolean moves) {
    List<Condition> first = Conditions.upsert(List.of(), "Ready", from, "A", "m1", 1L, T1);
    List<Condition> second = Conditions.upsert(first, "Ready", to, "B", "m2", 2L, T2);

    Condition ready = Conditions.find(second, "Ready").orElseThrow();
    assertThat(ready.getLastTransitionTime())
        .isEqualTo(moves ? "2026-11-25T14:00:00Z" : "2026-11-25T13:00:00Z");
    assertThat(ready.getReason()).isEqualTo("B");
    assertThat(ready.getMessage()).isEqualTo("m2");
    assertThat(ready.getObservedGeneration()).isEqualTo(2L);
  }

  @Test
  void upsertsByTypeAndKeepsTheListSorted() {
    List<Condition> conditions = List.of();
    for (String type : List.of("Stalled", "Ready", "Reconciling", "ConnectionReady", "Ready")) {
      conditions = Conditions.upsert(conditions, type, "True", "Why", "", 1L, T1);
    }
    assertThat(conditions)
        .extracting(Condition::getType)
        .containsExactly("ConnectionReady", "Ready", "Reconciling", "Stalled");
  }

  @Test
  void sameInputGivesAnEqualList() {
    List<Condition> once = Conditions.upsert(List.of(), "Ready", "True", "Ok", "fine", 1L, T1);
    List<Condition> twice = Conditions.upsert(once, "Ready", "True", "Ok", "fine", 1L, T2);
    assertThat(StatusDiff.changed(once, twice)).isFalse();
  }

  @Test
  void nullMessageBecomesEmpty() {
    var conditions = Conditions.upsert(null, "Ready", "True", "Ok", null, 1L, T1);
    assertThat(conditions.get(0).getMessage()).isEmpty();
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {" ", "lowerCase", "1Bad"})
  void refusesReasonsThatAreNotCamelCase(String reason) {
    assertThatThrownBy(() -> Conditions.upsert(List.of(), "Ready", "True", reason, "", 1L, T1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void isTrueReadsTheStatus() {
    var conditions = Conditions.upsert(List.of(), "Ready", "True", "Ok", "", 1L, T1);
    conditions = Conditions.upsert(conditions, "Stalled", "False", "Ok", "", 1L, T1);
    assertThat(Conditions.isTrue(conditions, "Ready")).isTrue();
    assertThat(Conditions.isTrue(conditions, "Stalled")).isFalse();
    assertThat(Conditions.isTrue(conditions, "Reconciling")).isFalse();
  }
}
