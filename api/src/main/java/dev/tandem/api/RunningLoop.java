package dev.tandem.api;

import org.jspecify.annotations.Nullable;

/**
 * Which event loop, if any, is running on the current thread (Python's {@code
 * asyncio.get_running_loop()}).
 *
 * <p>This is the loop-thread marker that lets modules which do not depend on an event loop
 * implementation (such as {@code tandem-jvm-threads}' deadlock guard) tell that they are on a
 * loop thread. Loop implementations call {@link #enter(EventLoop)} when they start running on a
 * thread and close the returned scope when they stop; everyone else only reads {@link
 * #current()}. It is a thread-local and costs one field read.
 */
public final class RunningLoop {
  private static final ThreadLocal<@Nullable EventLoop> CURRENT = new ThreadLocal<>();

  private RunningLoop() {}

  /** The loop running on the calling thread, or null if none runs here. */
  public static @Nullable EventLoop current() {
    return CURRENT.get();
  }

  /**
   * Marks the calling thread as running {@code loop} until the returned scope is closed, which
   * restores the previous marker. For loop implementations.
   *
   * @throws NullPointerException if {@code loop} is null
   */
  public static Scope enter(EventLoop loop) {
    if (loop == null) {
      throw new NullPointerException("loop");
    }
    EventLoop previous = CURRENT.get();
    CURRENT.set(loop);
    return () -> {
      if (previous == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(previous);
      }
    };
  }

  /** Ends a {@link #enter(EventLoop)} marking; closing it twice is harmless. */
  @FunctionalInterface
  public interface Scope extends AutoCloseable {
    @Override
    void close();
  }
}
