package dev.tandem.threads;

import dev.tandem.api.Failures;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.jspecify.annotations.Nullable;

/**
 * The state machine of the executor futures whose state is their own (not read from a source):
 * task futures and settable futures. States: PENDING → RUNNING → SUCCESS | FAILURE | (RUNNING
 * cannot be cancelled), PENDING → SUCCESS | FAILURE | CANCELLED. Every move to a final state goes
 * through a short COMPLETING step (one CAS that claims the future, then the outcome's plain store,
 * then the final state's volatile store), so exactly one of racing completions and cancels wins,
 * and a reader that sees the final state sees its outcome.
 */
abstract class OwnStateFuture<T extends @Nullable Object> extends ExecutorFutureBase<T> {

  static final int PENDING = 0;
  static final int RUNNING = 1;
  static final int COMPLETING = 2;
  static final int SUCCESS = 3;
  static final int FAILURE = 4;
  static final int CANCELLED = 5;

  private static final VarHandle STATE;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(OwnStateFuture.class, "state", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private volatile int state;
  /* The value, the failure or the cancel message: written before the final state, read after. */
  private @Nullable Object outcome;

  @Override
  public final boolean isDone() {
    return state >= SUCCESS;
  }

  @Override
  public final boolean isCancelled() {
    return state == CANCELLED;
  }

  @Override
  public final boolean isRunning() {
    return state == RUNNING;
  }

  final boolean isPending() {
    return state == PENDING;
  }

  /** Whether it completed with a value; then {@link #value()} is that value. */
  final boolean succeeded() {
    return state == SUCCESS;
  }

  /** True whenever it is cancelled afterwards; false if it is running or finished. */
  @Override
  public final boolean cancel(@Nullable String message) {
    for (; ; ) {
      int s = state;
      if (s == PENDING) {
        if (tryCancel(message)) {
          return true;
        }
      } else if (s == COMPLETING) {
        Thread.onSpinWait();
      } else {
        return s == CANCELLED;
      }
    }
  }

  /** Exact: true only if this call cancelled the pending future. */
  @Override
  final boolean tryCancel(@Nullable String message) {
    return cancelPending(message, true);
  }

  /**
   * Like {@link #tryCancel}, for a future cancelled because a future it depends on was: {@link
   * #afterCancelled} is not called, so the cancel does not travel back up to its inputs.
   */
  final boolean tryCancelFromInput(@Nullable String message) {
    return cancelPending(message, false);
  }

  private boolean cancelPending(@Nullable String message, boolean propagate) {
    if (!STATE.compareAndSet(this, PENDING, COMPLETING)) {
      awaitPublished();
      return false;
    }
    onCancelled();
    publish(message, CANCELLED);
    if (propagate) {
      afterCancelled(message);
    }
    return true;
  }

  /** Called once, by the cancelling thread, before the cancellation is published. */
  void onCancelled() {}

  /**
   * Called once, by the thread whose cancel won, after the cancellation is published and its
   * callbacks were dispatched (so code reached from here sees this future done); not for {@link
   * #tryCancelFromInput}. The combinators cancel their inputs here.
   */
  void afterCancelled(@Nullable String message) {}

  /** PENDING → RUNNING; false if it was not pending (cancelled, or already claimed). */
  final boolean tryStartRunning() {
    return STATE.compareAndSet(this, PENDING, RUNNING);
  }

  /**
   * Completes a pending or running future with {@code value}; true only if this call did. Only
   * the claimed runner may complete a running task future, so callers that are not it check
   * their own rules first.
   */
  final boolean tryComplete(@Nullable Object value) {
    return claim() && publish(value, SUCCESS);
  }

  /** Fails a pending or running future with {@code failure} (unwrapped); true only if this did. */
  final boolean tryFail(Throwable failure) {
    return claim() && publish(Failures.unwrap(failure), FAILURE);
  }

  /*
   * A completion or cancel that loses returns only once the winner published its outcome: a
   * caller told "already done" must see the future done (found by
   * SettableExecutorFutureLincheckTest: setException returned false, then isDone() false).
   */
  private boolean claim() {
    for (; ; ) {
      int s = state;
      if (s != PENDING && s != RUNNING) {
        awaitPublished();
        return false;
      }
      if (STATE.compareAndSet(this, s, COMPLETING)) {
        return true;
      }
    }
  }

  private boolean publish(@Nullable Object o, int finalState) {
    outcome = o;
    /*
     * A release store is enough: it publishes the outcome to every reader of the state (all
     * volatile loads), and fireCallbacks() next swaps the callbacks with an atomic getAndSet,
     * which orders this completion against every addDoneCallback (its compare-and-set either
     * lands before the swap and is run by it, or fails on DISPATCHED and runs the callback
     * itself). A volatile store would add a second full fence right before that one.
     */
    STATE.setRelease(this, finalState);
    fireCallbacks();
    return true;
  }

  /**
   * Returns once a completion or cancel that claimed the future has published its outcome, so
   * whatever the caller does next sees the future done. The window is two field writes wide.
   */
  final void awaitPublished() {
    while (state == COMPLETING) {
      Thread.onSpinWait();
    }
  }

  @Override
  final @Nullable String cancelMessage() {
    return (String) outcome;
  }

  @Override
  final @Nullable Throwable failure() {
    return state == FAILURE ? (Throwable) outcome : null;
  }

  @Override
  @SuppressWarnings("unchecked")
  final T value() {
    return (T) outcome;
  }
}
