package io.kafkaload.operator.status;

/**
 * A Kubernetes Event to record about a resource.
 *
 * @param type Normal or Warning
 * @param reason CamelCase reason
 * @param message one line with the specifics, never a credential
 */
public record EventSpec(String type, String reason, String message) {

  /** Event type of a transition that needs no action. */
  public static final String NORMAL = "Normal";

  /** Event type of a transition that needs attention. */
  public static final String WARNING = "Warning";

  static EventSpec normal(String reason, String message) {
    return new EventSpec(NORMAL, reason, message);
  }

  static EventSpec warning(String reason, String message) {
    return new EventSpec(WARNING, reason, message);
  }
}
