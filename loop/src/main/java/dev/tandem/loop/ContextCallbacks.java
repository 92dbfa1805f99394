package dev.tandem.loop;

import dev.tandem.api.AsyncFuture;
import dev.tandem.api.ContextPropagator;
import dev.tandem.api.ContextSnapshot;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * What a loop with a {@link ContextPropagator} other than {@link ContextPropagator#none()} stores
 * instead of the user's code: the code and the snapshot captured where it was registered. Running
 * the wrapper opens the snapshot, runs the code, reports what it threw to the loop's exception
 * handler while the snapshot is still open (so the handler sees the failing code's context), and
 * closes it, which puts back what the loop thread had.
 *
 * <p>A loop without propagation never makes one: its callbacks are stored and run as they are,
 * and the only cost left is the identity check against {@code none()} at registration.
 *
 * <p>A wrapper holds its snapshot until it is dropped: a handle drops its callback once it ran or
 * was cancelled, a future its done callbacks once they were scheduled or removed.
 */
final class ContextCallbacks {
  private ContextCallbacks() {}

  /** {@code callback} run in the context current now; for callSoon, callLater and the like. */
  static Runnable task(FutureHost loop, ContextPropagator propagator, Runnable callback) {
    return new Task(loop, propagator.capture(), callback);
  }

  /** {@code callback} run in the context current now; for addDoneCallback. */
  static Consumer<AsyncFuture<?>> doneCallback(
      FutureHost loop, ContextPropagator propagator, Consumer<?> callback) {
    return new DoneCallback(loop, propagator.capture(), callback);
  }

  /** {@code task} called in the context current now, on whichever thread calls it. */
  static <T extends @Nullable Object> Callable<T> callable(
      ContextPropagator propagator, Callable<T> task) {
    return propagator == ContextPropagator.none() ? task : propagator.capture().wrap(task);
  }

  /**
   * Whether {@code registered} (a stored done callback, maybe a wrapper) stands for the user's
   * {@code callback}: the removal rule of {@code removeDoneCallback}.
   */
  static boolean matches(Object callback, @Nullable Object registered) {
    return callback.equals(registered)
        || (registered instanceof DoneCallback wrapper && callback.equals(wrapper.callback));
  }

  private static final class Task implements Runnable {
    private final FutureHost loop;
    private final ContextSnapshot snapshot;
    private final Runnable callback;

    Task(FutureHost loop, ContextSnapshot snapshot, Runnable callback) {
      this.loop = loop;
      this.snapshot = snapshot;
      this.callback = callback;
    }

    @Override
    public void run() {
      ContextSnapshot.Scope scope = snapshot.open();
      try {
        callback.run();
      } catch (Throwable failure) {
        loop.report(LoopErrorContext.callbackFailed("callback", failure, null, callback));
      } finally {
        scope.close();
      }
    }

    /** The user's callback's text: reports and dumps describe it, not the wrapper. */
    @Override
    public String toString() {
      return callback.toString();
    }
  }

  private static final class DoneCallback implements Consumer<AsyncFuture<?>> {
    private final FutureHost loop;
    private final ContextSnapshot snapshot;
    final Consumer<?> callback;

    DoneCallback(FutureHost loop, ContextSnapshot snapshot, Consumer<?> callback) {
      this.loop = loop;
      this.snapshot = snapshot;
      this.callback = callback;
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void accept(AsyncFuture<?> future) {
      ContextSnapshot.Scope scope = snapshot.open();
      try {
        ((Consumer) callback).accept(future);
      } catch (Throwable failure) {
        loop.report(LoopErrorContext.callbackFailed("done callback", failure, future, callback));
      } finally {
        scope.close();
      }
    }

    @Override
    public String toString() {
      return callback.toString();
    }
  }
}
