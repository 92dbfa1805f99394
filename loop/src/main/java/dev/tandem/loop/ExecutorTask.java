package dev.tandem.loop;

import dev.tandem.api.EventLoop;
import dev.tandem.api.LoopFuture;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.jspecify.annotations.Nullable;

/**
 * {@link EventLoop#runInExecutor}'s task: runs a blocking task off the loop and posts its outcome
 * back with {@code callSoonThreadsafe}; shared by Tandem's own and its hosted loops.
 */
final class ExecutorTask<T extends @Nullable Object> implements Runnable {
  private final EventLoop loop;
  private final DefaultLoopFuture<T> future;
  private final Callable<? extends T> task;

  /**
   * {@code runInExecutor} on every Tandem loop: a future of {@code loop}, owned by it (closing
   * the loop cancels it), completed on the loop by {@code task} run on {@code executor}; with
   * context propagation, {@code task} runs in the caller's context.
   */
  static <T extends @Nullable Object> LoopFuture<T> submit(
      FutureHost loop, Executor executor, Callable<? extends T> task) {
    DefaultLoopFuture<T> future = new OwnedLoopFuture<>(loop);
    Callable<? extends T> inContext = ContextCallbacks.callable(loop.contextPropagator(), task);
    executor.execute(new ExecutorTask<>(loop.eventLoop(), future, inContext));
    loop.registerOwned(future);
    return future;
  }

  ExecutorTask(EventLoop loop, DefaultLoopFuture<T> future, Callable<? extends T> task) {
    this.loop = loop;
    this.future = future;
    this.task = task;
  }

  @Override
  public void run() {
    Runnable deliver;
    try {
      T value = task.call();
      deliver =
          () -> {
            if (!future.isDone()) {
              future.setResult(value);
            }
          };
    } catch (Throwable failure) {
      deliver =
          () -> {
            if (future.isDone()) {
              return;
            }
            if (failure instanceof CancellationException) {
              future.cancel(failure.getMessage());
            } else {
              future.fail(failure);
            }
          };
    }
    try {
      loop.callSoonThreadsafe(deliver);
    } catch (RejectedExecutionException closed) {
      // the loop closed: close() cancelled the future, so the outcome has nowhere to go
    }
  }

  @Override
  public String toString() {
    return "runInExecutor task " + task;
  }
}
