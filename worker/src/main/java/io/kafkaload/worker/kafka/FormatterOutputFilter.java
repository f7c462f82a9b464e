package io.kafkaload.worker.kafka;

import java.io.OutputStream;
import java.io.PrintStream;

/**
 * Drops what Kafka's storage formatter prints to {@code System.out} while the embedded broker is
 * formatted. The formatter has no logger, only {@code System.out}, and the test kit gives no way to
 * change its stream; its two lines ("Bootstrap metadata: ...", "Formatting ...") would otherwise
 * land in the middle of {@code kafkaload demo}'s output. Only the test kit's own threads (named
 * {@value #TEST_KIT_THREAD_PREFIX}...) are silenced, so output of any other thread passes through
 * during the short window.
 */
final class FormatterOutputFilter implements AutoCloseable {

  static final String TEST_KIT_THREAD_PREFIX = "kafka-cluster-test-kit-";

  private final PrintStream original;

  private FormatterOutputFilter(PrintStream original) {
    this.original = original;
  }

  static FormatterOutputFilter install() {
    PrintStream original = System.out;
    System.setOut(new PrintStream(new ThreadFilteringStream(original), true));
    return new FormatterOutputFilter(original);
  }

  @Override
  public void close() {
    System.out.flush();
    System.setOut(original);
  }

  private static final class ThreadFilteringStream extends OutputStream {
    private final PrintStream target;

    ThreadFilteringStream(PrintStream target) {
      this.target = target;
    }

    private static boolean silenced() {
      return Thread.currentThread().getName().startsWith(TEST_KIT_THREAD_PREFIX);
    }

    @Override
    public void write(int b) {
      if (!silenced()) {
        target.write(b);
      }
    }

    @Override
    public void write(byte[] b, int off, int len) {
      if (!silenced()) {
        target.write(b, off, len);
      }
    }

    @Override
    public void flush() {
      target.flush();
    }
  }
}
