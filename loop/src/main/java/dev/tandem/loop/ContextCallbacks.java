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
 * <p>A wrapper holds its snapshot until it is dropped: a future drops its done callbacks once
 * they were scheduled or removed. (A callback of {@code callSoon}, {@code callLater} and the like
 * needs no wrapper: its {@link LoopHandle} holds the snapshot.)
 */
final class ContextCallbacks {
  private ContextCallbacks() {}

  /**
   * {@code callback} run in the context current now; for addDoneCallback. {@code
   * creationContext} is the future's creation context when this is its only callback (so the
   * future needs no list to keep it), else null.
   */
  static DoneCallback doneCallback(
      FutureHost host, Consumer<?> callback, @Nullable ContextSnapshot creationContext) {
    return new DoneCallback(registrationContext(host, creationContext), callback, creationContext);
  }

  /**
   * {@code callback} run in the context current now, stored beside other callbacks: {@code held}
   * is a snapshot the future keeps already (its creation context, or null), reused if the values
   * current now are the ones it holds.
   */
  static DoneCallback nextDoneCallback(
      FutureHost host, Consumer<?> callback, @Nullable ContextSnapshot held) {
    return new DoneCallback(registrationContext(host, held), callback, null);
  }

  /**
   * The context current now: {@code held} itself (a snapshot the future keeps already, or null)
   * when it holds the same values, so a callback registered where its future was created (the
   * common case) keeps no second snapshot; else what the host captures.
   */
  private static ContextSnapshot registrationContext(
      FutureHost host, @Nullable ContextSnapshot held) {
    return held == null ? host.captureContext() : host.contextPropagator().captureReusing(held);
  }

  /**
   * The creation context that {@code callbacks} (the value of a future's callbacks field other
   * than a {@link CallbackList}) holds on a loop with propagation: the snapshot itself, which the
   * field holds until the first done callback, or its single wrapper's. Null for anything else,
   * and always on a loop without propagation, which stores its callbacks themselves (one of which
   * might be a user's object that happens to be a snapshot too).
   */
  static @Nullable ContextSnapshot creationContextOf(FutureHost loop, @Nullable Object callbacks) {
    if (callbacks instanceof DoneCallback only) {
      return only.creationContext;
    }
    return loop.contextPropagator() != ContextPropagator.none()
            && callbacks instanceof ContextSnapshot created
        ? created
        : null;
  }

  /**
   * What a future's callbacks field holds once its single callback {@code removed} is gone: the
   * creation context it kept, or null.
   */
  static @Nullable Object afterRemoving(Object removed) {
    return removed instanceof DoneCallback only ? only.creationContext : null;
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

  /**
   * A done callback and its registration context. It reports through the future's loop (it only
   * ever runs for a {@link DefaultLoopFuture}), so it needs no field for the loop.
   */
  static final class DoneCallback implements Consumer<AsyncFuture<?>> {
    private final ContextSnapshot snapshot;
    final Consumer<?> callback;
    /** The future's creation context while this is its only callback; else null. */
    final @Nullable ContextSnapshot creationContext;

    DoneCallback(
        ContextSnapshot snapshot, Consumer<?> callback, @Nullable ContextSnapshot creationContext) {
      this.snapshot = snapshot;
      this.callback = callback;
      this.creationContext = creationContext;
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void accept(AsyncFuture<?> future) {
      FutureHost host = ((DefaultLoopFuture<?>) future).host;
      ContextSnapshot.@Nullable Scope scope = host.enterCallbackContext(snapshot);
      try {
        ((Consumer) callback).accept(future);
      } catch (Throwable failure) {
        host.report(LoopErrorContext.callbackFailed("done callback", failure, future, callback));
      } finally {
        if (scope != null) {
          scope.close();
        }
      }
    }

    @Override
    public String toString() {
      return callback.toString();
    }
  }
}
