package io.kafkaload.worker.config;

/**
 * The RE2 check of the regular expressions users write, as the operator makes it: {@link
 * io.kafkaload.contract.UserRegex} owns it. Kept only because validate/ imports this name; import
 * the contract's class directly instead and delete this one.
 */
public final class UserRegex {

  private UserRegex() {}

  /** Why {@code regex} cannot be used (without the field's name), or null when it can. */
  public static String problem(String regex) {
    return io.kafkaload.contract.UserRegex.problem(regex);
  }
}
