package io.kafkaload.worker.transform;

import io.kafkaload.worker.config.Limits;
import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Holds each chunk's SQL to the load's {@link Limits} (R8). A conversion runs on a {@link Guard}'s
 * connection, which remembers the statements made through it; a watcher thread looks at every
 * running conversion several times a second, and once one ran past {@code sqlTimeoutSeconds}, wrote
 * more than {@code maxChunkOutputBytes} into its folder, or the run was stopped (SIGTERM), it
 * cancels the conversion's statements (DuckDB interrupts the query where it is) and refuses new
 * ones, so the conversion fails with {@link #reason(Connection)}, which names the limit and how to
 * raise it. Nothing of that chunk is committed.
 */
final class SqlWatch implements AutoCloseable {

  private static final long TICK_MILLIS = 200;

  private final Limits limits;
  private final Set<Guard> running = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService timer;
  private volatile String stopped;

  SqlWatch(Limits limits) {
    this.limits = limits;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "kafkaload-sql-watch");
              t.setDaemon(true);
              return t;
            });
    timer.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
  }

  /**
   * Watches a conversion that runs on the returned guard's {@link Guard#connection()} and writes
   * into {@code dir}; {@code chunk} names it in reasons (a file stem, never a value).
   */
  Guard watch(Connection db, Path dir, String chunk) {
    Guard guard = new Guard(db, dir, chunk);
    running.add(guard);
    String reason = stopped;
    if (reason != null) {
      guard.trip(reason);
    }
    return guard;
  }

  /** Stops every conversion now and every later one at its start. */
  void stop(String reason) {
    stopped = reason;
    for (Guard guard : running) {
      guard.trip(reason);
    }
  }

  /** Why the conversion on {@code db} was stopped, or null when it was not (or not watched). */
  static String reason(Connection db) {
    if (db != null
        && Proxy.isProxyClass(db.getClass())
        && Proxy.getInvocationHandler(db) instanceof Guard guard) {
      return guard.reason;
    }
    return null;
  }

  private void tick() {
    long maxBytes = limits.maxChunkOutputBytesOrDefault();
    long timeoutNanos = TimeUnit.SECONDS.toNanos(limits.sqlTimeoutSecondsOrDefault());
    for (Guard guard : running) {
      try {
        if (guard.reason != null) {
          guard.cancelAll(); // a statement started since: cancel it too
        } else if (System.nanoTime() - guard.started > timeoutNanos) {
          guard.trip(
              "the load's SQL ran longer than spec.limits.sqlTimeoutSeconds ("
                  + limits.sqlTimeoutSecondsOrDefault()
                  + " s) on chunk "
                  + guard.chunk
                  + ", so it was stopped and nothing of the chunk was committed; raise"
                  + " spec.limits.sqlTimeoutSeconds, or make the SQL end (an unbounded recursive"
                  + " query never does)");
        } else if (size(guard.dir) > maxBytes) {
          guard.trip(
              "the load's SQL wrote more than spec.limits.maxChunkOutputBytes ("
                  + maxBytes
                  + " bytes) for chunk "
                  + guard.chunk
                  + ", so it was stopped and nothing of the chunk was committed; raise"
                  + " spec.limits.maxChunkOutputBytes, or check that the SQL does not multiply"
                  + " rows (a join with a large range or table)");
        }
      } catch (RuntimeException e) {
        // a watcher that dies would watch nothing more: look again at the next tick
      }
    }
  }

  /** The bytes of the files under {@code dir} (0 when it is gone). */
  private static long size(Path dir) {
    long[] total = {0};
    try {
      Files.walkFileTree(
          dir,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
              total[0] += attrs.size();
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
              return FileVisitResult.CONTINUE; // renamed or removed while we looked
            }
          });
    } catch (IOException e) {
      return total[0];
    }
    return total[0];
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }

  /** One conversion: its connection, the statements made through it, and why it was stopped. */
  final class Guard implements InvocationHandler, AutoCloseable {
    private final Connection db;
    private final Path dir;
    private final String chunk;
    private final long started = System.nanoTime();
    private final List<Statement> statements = new CopyOnWriteArrayList<>();
    private final Connection connection;
    private volatile String reason;

    private Guard(Connection db, Path dir, String chunk) {
      this.db = db;
      this.dir = dir;
      this.chunk = chunk;
      this.connection =
          (Connection)
              Proxy.newProxyInstance(
                  Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, this);
    }

    /** The connection to run the conversion on. */
    Connection connection() {
      return connection;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      boolean makesStatement = Statement.class.isAssignableFrom(method.getReturnType());
      if (makesStatement && reason != null) {
        throw new SQLException(reason);
      }
      Object result;
      try {
        result = method.invoke(db, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
      if (result instanceof Statement statement) {
        statements.removeIf(SqlWatch::closed);
        statements.add(statement);
      }
      return result;
    }

    private void trip(String why) {
      if (reason == null) {
        reason = why;
      }
      cancelAll();
    }

    private void cancelAll() {
      for (Statement statement : statements) {
        try {
          if (!statement.isClosed()) {
            statement.cancel(); // returns at once when the statement is not running
          }
        } catch (SQLException | RuntimeException e) {
          // closed meanwhile: nothing to cancel
        }
      }
    }

    @Override
    public void close() {
      running.remove(this);
    }
  }

  private static boolean closed(Statement statement) {
    try {
      return statement.isClosed();
    } catch (SQLException e) {
      return true;
    }
  }
}
