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
 */
final class ContextCallback<T extends @Nullable Object> implements Consumer<AsyncFuture<T>> {
  private final ContextSnapshot snapshot;
  private final Consumer<? super AsyncFuture<T>> callback;

  ContextCallback(ContextSnapshot snapshot, Consumer<? super AsyncFuture<T>> callback) {
    this.snapshot = snapshot;
    this.callback = callback;
  }

  @Override
  public void accept(AsyncFuture<T> future) {
    ContextSnapshot.Scope scope = snapshot.open();
    try {
      callback.accept(future);
    } catch (Throwable failure) {
      ExecutorFutureBase.logCallbackFailure(future, failure);
    } finally {
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
