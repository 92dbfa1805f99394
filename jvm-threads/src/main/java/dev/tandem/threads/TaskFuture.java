package dev.tandem.threads;

import dev.tandem.api.Failures;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;

/**
 * The future of a task a {@link FutureExecutor} runs; it is also the {@link Runnable} handed to
 * the underlying executor. States: PENDING → RUNNING → SUCCESS | FAILURE, or PENDING →
 * CANCELLED (through a short CANCELLING step while the message is stored).
 */
final class TaskFuture<T extends @Nullable Object> extends ExecutorFutureBase<T>
    implements Runnable {

  private static final int PENDING = 0;
  private static final int RUNNING = 1;
  private static final int CANCELLING = 2;
  private static final int SUCCESS = 3;
  private static final int FAILURE = 4;
  private static final int CANCELLED = 5;

  private static final VarHandle STATE;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(TaskFuture.class, "state", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private volatile int state;
  /* Written before the volatile write of a final state, read after reading it. */
  private @Nullable Object outcome;
  private @Nullable Callable<? extends T> task;
  /* The executor that runs it, asked at start whether tasks not started are to be cancelled. */
  private final @Nullable FutureExecutor owner;

  TaskFuture(Callable<? extends T> task, @Nullable FutureExecutor owner) {
    this.task = task;
    this.owner = owner;
  }

  @Override
  public boolean isDone() {
    return state >= SUCCESS;
  }

  @Override
  public boolean isCancelled() {
    return state == CANCELLED;
  }

  @Override
  public boolean isRunning() {
    return state == RUNNING;
  }

  @Override
  public boolean cancel(@Nullable String message) {
    for (; ; ) {
      int s = state;
      if (s == PENDING) {
        if (tryCancel(message)) {
          return true;
        }
      } else if (s == CANCELLING) {
        Thread.onSpinWait();
      } else {
        return s == CANCELLED;
      }
    }
  }

  @Override
  boolean tryCancel(@Nullable String message) {
    if (!STATE.compareAndSet(this, PENDING, CANCELLING)) {
      return false;
    }
    outcome = message;
    task = null;
    state = CANCELLED;
    fireCallbacks();
    return true;
  }

  /**
   * Runs the task unless it was cancelled first, or its executor was shut down with {@code
   * cancelFutures} before the task started (then it is cancelled now and never runs). Any {@link
   * Throwable} it throws, errors included, fails the future and is not rethrown into the worker.
   */
  @Override
  public void run() {
    if (state == PENDING) {
      FutureExecutor executor = owner;
      String shutdownMessage = executor == null ? null : executor.cancelNotStartedMessage();
      if (shutdownMessage == null) {
        if (STATE.compareAndSet(this, PENDING, RUNNING)) {
          runTask();
          return;
        }
      } else {
        tryCancel(shutdownMessage);
      }
    }
    awaitCancelStored();
  }

  /** Runs the claimed task and publishes its outcome. */
  private void runTask() {
    Callable<? extends T> work = task;
    task = null;
    try {
      T value = work.call();
      outcome = value;
      state = SUCCESS;
    } catch (Throwable failure) {
      outcome = Failures.unwrap(failure);
      state = FAILURE;
    }
    fireCallbacks();
  }

  /**
   * A worker that skips the task because a cancel won returns only once that cancel stored its
   * outcome, so whatever follows the worker's return (an executor's termination, and so {@code
   * close()}) sees the future done (found by TaskFutureLincheckTest). The window is two field
   * writes wide.
   */
  private void awaitCancelStored() {
    while (state == CANCELLING) {
      Thread.onSpinWait();
    }
  }

  @Override
  @Nullable String cancelMessage() {
    return (String) outcome;
  }

  @Override
  @Nullable Throwable failure() {
    return state == FAILURE ? (Throwable) outcome : null;
  }

  @Override
  @SuppressWarnings("unchecked")
  T value() {
    return (T) outcome;
  }
}
