package dev.tandem.api;

import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
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

  /**
   * Registers {@code callback} as a done callback of {@code future} from any thread: a loop
   * future's registration runs on its loop's thread ({@link #runOnLoop}), any other future's at
   * once. Returns false if {@code future} is a loop future whose loop is closed: a closed loop
   * runs no callback, so then a done future's {@code callback} runs at once in the calling
   * thread, and a pending one can never complete (the caller decides what that means; the
   * callback is not registered).
   *
   * @throws NullPointerException if an argument is null
   */
  public static <T extends @Nullable Object> boolean addDoneCallback(
      AsyncFuture<T> future, Consumer<? super AsyncFuture<T>> callback) {
    if (future == null) {
      throw new NullPointerException("future");
    }
    if (callback == null) {
      throw new NullPointerException("callback");
    }
    if (!(future instanceof LoopFuture<T> loopFuture)) {
      future.addDoneCallback(callback);
      return true;
    }
    if (runOnLoop(loopFuture.loop(), () -> future.addDoneCallback(callback))) {
      return true;
    }
    if (future.isDone()) {
      callback.accept(future);
    }
    return false;
  }

  /**
   * Removes every registration of {@code callback} from {@code future} from any thread, a loop
   * future's on its loop's thread (so possibly after this returns). Nothing happens on a closed
   * loop, which runs no callback any more.
   *
   * @throws NullPointerException if an argument is null
   */
  public static <T extends @Nullable Object> void removeDoneCallback(
      AsyncFuture<T> future, Consumer<? super AsyncFuture<T>> callback) {
    if (future == null) {
      throw new NullPointerException("future");
    }
    if (callback == null) {
      throw new NullPointerException("callback");
    }
    if (future instanceof LoopFuture<T> loopFuture) {
      runOnLoop(loopFuture.loop(), () -> future.removeDoneCallback(callback));
    } else {
      future.removeDoneCallback(callback);
    }
  }
}
