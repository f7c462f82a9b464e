package io.kafkaload.worker.engine;

/**
 * One-line reasons for stderr and reports: the message, plus the root cause's when it adds to it.
 */
public final class Reasons {
  private Reasons() {}

  public static String oneLine(Throwable e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root != e && root.getMessage() != null && !message.contains(root.getMessage())) {
      message = message + ": " + root.getMessage();
    }
    return message.replace('\n', ' ').strip();
  }
}
