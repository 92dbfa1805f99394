package dev.tandem.threads;

import com.google.common.util.concurrent.ListenableFuture;
import dev.tandem.api.AsyncFuture;
import dev.tandem.api.ExecutorFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A live {@link ListenableFuture} view of an {@link ExecutorFuture}. It has no state of its own:
 * every call goes to the source, so the outcome, the failure object and a cancellation with its
 * message are the source's. When the source carries a context propagator, a listener runs in the
 * context of the thread that added it, on whichever thread its executor runs it.
 */
final class ListenableFutureView<T extends @Nullable Object> implements ListenableFuture<T> {

  final ExecutorFuture<T> source;

  ListenableFutureView(ExecutorFuture<T> source) {
    this.source = source;
  }

  @Override
  public void addListener(Runnable listener, Executor executor) {
    if (listener == null) {
      throw new NullPointerException("listener");
    }
    if (executor == null) {
      throw new NullPointerException("executor");
    }
    if (source instanceof ExecutorFutureBase<T> own) {
      if (own.isDone()) {
        /* What the done callback would do at once in this thread, without allocating it. */
        own.runNow(listener, executor);
        return;
      }
      Runnable inContext = ContextFunctions.runnable(own.contextPropagator(), listener);
      own.register((Consumer<AsyncFuture<T>>) done -> executor.execute(inContext));
      return;
    }
    Runnable inContext =
        ContextFunctions.runnable(ContextFunctions.propagatorOf(source), listener);
    source.addDoneCallback(done -> executor.execute(inContext));
  }

  /**
   * Cancels the source. As for Guava's and the JDK's futures, true only if this call cancelled
   * it: false if it was already done (cancelled included) or is a running task.
   */
  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    /* !isDone() && cancel() let two racing calls both return true (RaceStressTest in reliability). */
    if (source instanceof ExecutorFutureBase) {
      return ((ExecutorFutureBase<T>) source).tryCancel(null);
    }
    return !source.isDone() && source.cancel();
  }

  @Override
  public boolean isCancelled() {
    return source.isCancelled();
  }

  @Override
  public boolean isDone() {
    return source.isDone();
  }

  @Override
  public T get() throws InterruptedException, ExecutionException {
    return source.get();
  }

  /** A negative timeout waits not at all, as Guava's own futures do. */
  @Override
  public T get(long timeout, TimeUnit unit)
      throws InterruptedException, ExecutionException, TimeoutException {
    return source.get(Math.max(0L, timeout), unit);
  }

  @Override
  public String toString() {
    return "ListenableFutureView[" + source + "]";
  }
}
