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

  /**
   * {@code callback} run in the context current now; for addDoneCallback. {@code
   * creationContext} is the future's creation context when this is its only callback (so the
   * future needs no list to keep it), else null.
   */
  static DoneCallback doneCallback(
      FutureHost loop,
      ContextPropagator propagator,
      Consumer<?> callback,
      @Nullable ContextSnapshot creationContext) {
    return new DoneCallback(loop, propagator.capture(), callback, creationContext);
  }

  /**
   * What a future of a propagating loop holds in its callbacks field before its first done
   * callback: the context it was created in, for the unretrieved-failure report. The first
   * callback's wrapper takes it over; completing the future drops it.
   */
  static final class Creation {
    final ContextSnapshot context;

    Creation(ContextSnapshot context) {
      this.context = context;
    }
  }

  /**
   * The creation context that {@code callbacks} (the value of a future's callbacks field other
   * than a {@link CallbackList}) holds: a {@link Creation}'s, or its single wrapper's; null for
   * anything else (a loop without propagation stores its callbacks themselves).
   */
  static @Nullable ContextSnapshot creationContextOf(@Nullable Object callbacks) {
    if (callbacks instanceof Creation creation) {
      return creation.context;
    }
    return callbacks instanceof DoneCallback only ? only.creationContext : null;
  }

  /** What a future's callbacks field holds once its single callback {@code removed} is gone. */
  static @Nullable Object afterRemoving(Object removed) {
    ContextSnapshot creation = creationContextOf(removed);
    return creation == null ? null : new Creation(creation);
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

  static final class DoneCallback implements Consumer<AsyncFuture<?>> {
    private final FutureHost loop;
    private final ContextSnapshot snapshot;
    final Consumer<?> callback;
    /** The future's creation context while this is its only callback; else null. */
    final @Nullable ContextSnapshot creationContext;

    DoneCallback(
        FutureHost loop,
        ContextSnapshot snapshot,
        Consumer<?> callback,
        @Nullable ContextSnapshot creationContext) {
      this.loop = loop;
      this.snapshot = snapshot;
      this.callback = callback;
      this.creationContext = creationContext;
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
