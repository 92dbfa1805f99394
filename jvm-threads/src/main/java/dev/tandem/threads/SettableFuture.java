package dev.tandem.threads;

import dev.tandem.api.ContextPropagator;
import dev.tandem.api.InvalidStateException;
import java.util.concurrent.CancellationException;
import org.jspecify.annotations.Nullable;

/**
 * The {@link SettableExecutorFuture}: {@link OwnStateFuture}'s states, set from outside. {@link
 * InContext} is the one made with a context propagator; the plain one keeps no field for it.
 */
class SettableFuture<T extends @Nullable Object> extends OwnStateFuture<T>
    implements SettableExecutorFuture<T> {

  /** A settable future whose done callbacks run in their registrants' context. */
  static final class InContext<T extends @Nullable Object> extends SettableFuture<T> {
    private final ContextPropagator propagator;

    InContext(ContextPropagator propagator) {
      this.propagator = propagator;
    }

    @Override
    public ContextPropagator contextPropagator() {
      return propagator;
    }
  }

  @Override
  public final boolean setResult(T value) {
    return tryComplete(value);
  }

  @Override
  public final boolean setException(Throwable failure) {
    return tryFail(requireFailure(failure, "cancel the future instead"));
  }

  @Override
  public final void setResultOrThrow(T value) {
    if (!tryComplete(value)) {
      throw alreadyDone("setResultOrThrow");
    }
  }

  @Override
  public final void setExceptionOrThrow(Throwable failure) {
    if (!tryFail(requireFailure(failure, "cancel the future instead"))) {
      throw alreadyDone("setExceptionOrThrow");
    }
  }

  @Override
  public final boolean setRunningOrNotifyCancel() {
    if (tryStartRunning()) {
      return true;
    }
    awaitPublished();
    if (isCancelled()) {
      return false;
    }
    throw new InvalidStateException(
        "setRunningOrNotifyCancel() on " + this + ": it is already running or finished");
  }

  /**
   * The rule for every "complete with a failure" entry point of this package: not null, and not
   * a cancellation ({@code instead} says what to do instead).
   */
  static Throwable requireFailure(Throwable failure, String instead) {
    if (failure == null) {
      throw new NullPointerException("failure");
    }
    if (failure instanceof CancellationException) {
      throw new IllegalArgumentException(
          "a CancellationException is a cancellation, not a failure; " + instead, failure);
    }
    return failure;
  }

  private InvalidStateException alreadyDone(String method) {
    awaitPublished();
    return new InvalidStateException(method + "() on a future that is already done: " + this);
  }
}
