package dev.tandem.api;

import java.util.concurrent.RejectedExecutionException;
import org.jspecify.annotations.Nullable;

/**
 * The one rule for touching a loop-confined object from code that may run on any thread: run
 * the action on the loop's thread. Used by every module that reaches a {@link LoopFuture} from
 * outside its loop (the adapters' callbacks, group waits, conversions, views), so the hop, and
 * what happens when the loop is closed, is the same on every path.
 *
 * <p>Pure static functions; thread-safe.
 */
public final class LoopThreads {
  private LoopThreads() {}

  /**
   * Runs {@code action} on {@code loop}'s thread: at once if the caller is that thread, else
   * through {@link EventLoop#callSoonThreadsafe} (so later, in that loop's FIFO order, also
   * while the loop is not running yet). Returns false, without running it, if the loop is
   * closed; a closed loop runs nothing, so then no thread owns its futures and the caller may
   * read or cancel them directly.
   *
   * @throws NullPointerException if an argument is null
   */
  public static boolean runOnLoop(EventLoop loop, Runnable action) {
    if (loop == null) {
      throw new NullPointerException("loop");
    }
    if (action == null) {
      throw new NullPointerException("action");
    }
    if (loop.inLoopThread()) {
      action.run();
      return true;
    }
    try {
      loop.callSoonThreadsafe(action);
      return true;
    } catch (RejectedExecutionException closed) {
      return false;
    }
  }

  /**
   * Cancels {@code future} with {@code message} unless it is done, from any thread: a loop
   * future on its loop's thread (directly if its loop is closed), any other future at once. The
   * done check is repeated where the cancel runs, so a future that completed meanwhile is never
   * cancelled (the conversion rule "never cancel a done future").
   *
   * @throws NullPointerException if {@code future} is null
   */
  public static void cancelUnlessDone(AsyncFuture<?> future, @Nullable String message) {
    if (future == null) {
      throw new NullPointerException("future");
    }
    if (future instanceof LoopFuture<?> loopFuture) {
      boolean handedOver =
          runOnLoop(
              loopFuture.loop(),
              () -> {
                if (!future.isDone()) {
                  future.cancel(message);
                }
              });
      if (handedOver) {
        return;
      }
    }
    if (!future.isDone()) {
      future.cancel(message);
    }
  }
}
