package dev.tandem.threads;

import dev.tandem.api.AsyncFuture;
import dev.tandem.api.ContextSnapshot;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A done callback as a future with context propagation stores it: the user's callback and the
 * context captured where it was registered. It runs the callback inside that context on the
 * completing thread, logs what the callback threw while the context is still open (so the log
 * line carries the registrant's MDC), and puts back what the thread had. Dropped, and with it the
 * snapshot, once it ran or was removed.
 *
 * <p>A callback registered while no {@link CancelScope} was ever current captured the user's
 * values only ({@link CancelScope.Travelling#captureOwn}); it captured an absent scope, so where
 * it runs inside a scope (a thread completing the future inside a deadline's block) it hides that
 * scope while it runs, as a snapshot with the scope would.
 */
final class ContextCallback<T extends @Nullable Object> implements Consumer<AsyncFuture<T>> {
  private final ContextSnapshot snapshot;
  private final Consumer<? super AsyncFuture<T>> callback;

  /** Whether {@link #snapshot} holds the scope too; if not, the scope was absent everywhere. */
  private final boolean withScope;

  ContextCallback(
      ContextSnapshot snapshot, Consumer<? super AsyncFuture<T>> callback, boolean withScope) {
    this.snapshot = snapshot;
    this.callback = callback;
    this.withScope = withScope;
  }

  @Override
  public void accept(AsyncFuture<T> future) {
    ContextSnapshot.Scope scope = snapshot.open();
    CancelScope hidden = withScope || !CancelScope.everCurrent() ? null : CancelScope.CURRENT.get();
    if (hidden != null) {
      CancelScope.CURRENT.set(null);
    }
    try {
      callback.accept(future);
    } catch (Throwable failure) {
      ExecutorFutureBase.logCallbackFailure(future, failure);
    } finally {
      if (hidden != null) {
        CancelScope.CURRENT.set(hidden);
      }
      scope.close();
    }
  }

  /**
   * The removal rule of {@code removeDoneCallback}: {@code registered} (maybe a wrapper) stands
   * for the user's {@code callback}.
   */
  static boolean matches(Object callback, @Nullable Object registered) {
    return callback.equals(registered)
        || (registered instanceof ContextCallback<?> wrapper && callback.equals(wrapper.callback));
  }

  @Override
  public String toString() {
    return callback.toString();
  }
}
