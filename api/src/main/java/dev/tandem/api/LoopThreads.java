package dev.tandem.api;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
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

  /**
   * The cancellation given to what a closed loop can no longer complete for its observers: a
   * view or a waiter of a loop future that was pending when {@code loop} closed.
   */
  public static CancelledException loopClosed(EventLoop loop) {
    return new CancelledException(
        "the event loop " + loop + " is closed; the outcome can no longer be delivered on it");
  }

  /**
   * Observes {@code future}'s completion from any thread, including the case a plain done
   * callback cannot see: a loop future whose loop closes while it is pending (a closed loop runs
   * no callback, so it would never be told). Exactly one of {@code onDone} and {@code
   * onLoopClosed} runs, at most once, unless the returned handle is cancelled first:
   *
   * <ul>
   *   <li>{@code onDone} with the done future, in the thread that completes an executor future
   *       (at once if it is done), on the loop thread for a loop future; and in the thread that
   *       closes the loop for a loop future the closing loop cancelled (it is done, but its
   *       callbacks would not run);
   *   <li>{@code onLoopClosed} in the thread that closes the loop (at once, if it is closed
   *       already) when the loop future is still pending then: it can never complete.
   * </ul>
   *
   * The close notification is {@link EventLoop#onClose}; it is deregistered as soon as the
   * outcome arrives. Cancelling the handle stops both and deregisters them; it returns true if
   * this call stopped the delivery.
   *
   * @throws NullPointerException if an argument is null
   */
  public static <T extends @Nullable Object> Handle observe(
      AsyncFuture<T> future, Consumer<? super AsyncFuture<T>> onDone, Runnable onLoopClosed) {
    if (future == null) {
      throw new NullPointerException("future");
    }
    if (onDone == null) {
      throw new NullPointerException("onDone");
    }
    if (onLoopClosed == null) {
      throw new NullPointerException("onLoopClosed");
    }
    Observation<T> observation = new Observation<>(future, onDone, onLoopClosed);
    observation.start();
    return observation;
  }

  /** One {@link #observe} call: the done callback, the close action and the handle in one. */
  private static final class Observation<T extends @Nullable Object> extends AtomicBoolean
      implements Consumer<AsyncFuture<T>>, Runnable, Handle {
    private static final long serialVersionUID = 1L;
    private final transient AsyncFuture<T> future;
    private final transient Consumer<? super AsyncFuture<T>> onDone;
    private final transient Runnable onLoopClosed;
    private transient volatile @Nullable Handle closeWatch;

    Observation(
        AsyncFuture<T> future, Consumer<? super AsyncFuture<T>> onDone, Runnable onLoopClosed) {
      this.future = future;
      this.onDone = onDone;
      this.onLoopClosed = onLoopClosed;
    }

    void start() {
      if (!(future instanceof LoopFuture<T> loopFuture)) {
        future.addDoneCallback(this);
        return;
      }
      EventLoop loop = loopFuture.loop();
      /* The close watch first: a close between the two steps is then seen by the watch. */
      closeWatch = loop.onClose(this);
      if (get()) {
        return; // the loop was closed already and the watch has delivered
      }
      addDoneCallback(future, this);
    }

    /** The future is done. */
    @Override
    public void accept(AsyncFuture<T> done) {
      if (compareAndSet(false, true)) {
        Handle watch = closeWatch;
        if (watch != null) {
          watch.cancel();
        }
        onDone.accept(done);
      }
    }

    /** The loop closed (this is the close action). */
    @Override
    public void run() {
      if (compareAndSet(false, true)) {
        if (future.isDone()) {
          onDone.accept(future);
        } else {
          onLoopClosed.run();
        }
      }
    }

    @Override
    public boolean cancel() {
      if (!compareAndSet(false, true)) {
        return false;
      }
      Handle watch = closeWatch;
      if (watch != null) {
        watch.cancel();
      }
      removeDoneCallback(future, this);
      return true;
    }

    @Override
    public boolean isCancelled() {
      return get() && closeWatch == null;
    }
  }
}
