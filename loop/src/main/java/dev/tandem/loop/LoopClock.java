package dev.tandem.loop;

/**
 * The time source of an event loop's timers ({@link dev.tandem.api.EventLoop#time()}, {@link
 * dev.tandem.api.EventLoop#callLater}, {@link dev.tandem.api.EventLoop#callAt}).
 *
 * <p>There are two: {@link #system()}, which is {@link System#nanoTime()} and lets the loop
 * sleep for real until the next timer, and {@link ManualClock}, which moves only when a test
 * calls {@link ManualClock#advance}. A loop on a manual clock never sleeps for a timer's sake;
 * it waits for the clock to be advanced (or for other work) instead, so timer tests are
 * deterministic and fast. Choose one with {@link EventLoopBuilder#clock(LoopClock)}.
 *
 * <p>Thread safety: {@link #nanoTime()} may be called from any thread.
 */
public sealed interface LoopClock permits ManualClock, SystemLoopClock {

  /** The current time in nanoseconds; monotonic, with an arbitrary origin. */
  long nanoTime();

  /** The clock of {@link System#nanoTime()}; the default of every loop. */
  static LoopClock system() {
    return SystemLoopClock.INSTANCE;
  }
}
