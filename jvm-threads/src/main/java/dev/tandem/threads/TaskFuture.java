package dev.tandem.threads;

import dev.tandem.api.ContextPropagator;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;

/**
 * The future of a task a {@link FutureExecutor} runs; it is also the {@link Runnable} handed to
 * the underlying executor. The states are {@link OwnStateFuture}'s; only the worker that moved
 * it to RUNNING completes it.
 */
final class TaskFuture<T extends @Nullable Object> extends OwnStateFuture<T>
    implements Runnable {

  private @Nullable Callable<? extends T> task;
  /* The executor that runs it, asked at start whether tasks not started are to be cancelled. */
  private final @Nullable FutureExecutor owner;

  TaskFuture(Callable<? extends T> task, @Nullable FutureExecutor owner) {
    this.task = task;
    this.owner = owner;
  }

  @Override
  void onCancelled() {
    task = null;
  }

  /** The executor's propagator: the task itself was wrapped at submit, the callbacks are here. */
  @Override
  public ContextPropagator contextPropagator() {
    FutureExecutor executor = owner;
    return executor == null ? ContextPropagator.none() : executor.contextPropagator();
  }

  /**
   * Runs the task unless it was cancelled first, or its executor was shut down with {@code
   * cancelFutures} before the task started (then it is cancelled now and never runs). Any {@link
   * Throwable} it throws, errors included, fails the future and is not rethrown into the worker.
   *
   * <p>A worker that skips the task because a cancel won returns only once that cancel stored
   * its outcome, so whatever follows the worker's return (an executor's termination, and so
   * {@code close()}) sees the future done (found by TaskFutureLincheckTest).
   */
  @Override
  public void run() {
    if (isPending()) {
      FutureExecutor executor = owner;
      String shutdownMessage = executor == null ? null : executor.cancelNotStartedMessage();
      if (shutdownMessage == null) {
        if (tryStartRunning()) {
          runTask();
          return;
        }
      } else {
        tryCancel(shutdownMessage);
      }
    }
    awaitPublished();
  }

  /** Runs the claimed task and publishes its outcome. */
  private void runTask() {
    Callable<? extends T> work = task;
    task = null;
    T value;
    try {
      value = work.call();
    } catch (Throwable failure) {
      tryFail(failure);
      return;
    }
    tryComplete(value);
  }
}
