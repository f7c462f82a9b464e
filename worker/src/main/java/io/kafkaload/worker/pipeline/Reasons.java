package io.kafkaload.worker.pipeline;

/**
 * One-line reasons for stderr and reports: the message, plus the root cause's when it adds to it.
 */
public final class Reasons {
  private Reasons() {}

  public static String oneLine(Throwable e) {
    String message = text(e);
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root != e && root.getMessage() != null && !message.contains(text(root))) {
      message = message + ": " + text(root);
    }
    return message.replace('\n', ' ').strip();
  }

  /** The message; for a file-system error, what failed (its message is often only the path). */
  private static String text(Throwable e) {
    if (e instanceof java.nio.file.FileSystemException) {
      return io.kafkaload.worker.output.files.PathErrors.describe(e);
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
