package dev.tandem.api;

import java.util.Objects;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;

/**
 * The context captured by a {@link ContextPropagator} at a registration point.
 *
 * <p>{@link #open()} makes the captured values current on the calling thread and returns a
 * {@link Scope} whose {@link Scope#close()} puts back exactly what the thread held before: a
 * value the thread did not have is removed again. Open and close on the same thread, nested
 * scopes in reverse order of opening (try-with-resources does both).
 *
 * <p>Thread safety: a snapshot is immutable and may be opened on any thread, any number of times,
 * also on several threads at once; a scope belongs to the thread that opened it.
 */
public interface ContextSnapshot {

  /** Makes the captured values current on this thread until the returned scope is closed. */
  Scope open();

  /** A snapshot that captured nothing; opening it changes nothing. */
  static ContextSnapshot empty() {
    return NoContext.INSTANCE;
  }

  /** {@code task}, run inside this snapshot on whichever thread calls it. */
  default Runnable wrap(Runnable task) {
    Objects.requireNonNull(task, "task");
    return () -> {
      try (Scope ignored = open()) {
        task.run();
      }
    };
  }

  /** {@code task}, called inside this snapshot on whichever thread calls it. */
  default <T extends @Nullable Object> Callable<T> wrap(Callable<T> task) {
    Objects.requireNonNull(task, "task");
    return () -> {
      try (Scope ignored = open()) {
        return task.call();
      }
    };
  }

  /** The values of a snapshot made current on one thread; closing puts back what it had. */
  interface Scope extends AutoCloseable {
    /** Puts back what the thread held before {@link #open()}; call it once, on that thread. */
    @Override
    void close();
  }
}
