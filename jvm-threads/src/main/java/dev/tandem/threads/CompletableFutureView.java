package dev.tandem.threads;

import dev.tandem.api.AsyncFuture;
import dev.tandem.api.CancelledException;
import dev.tandem.api.ExecutorFuture;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A live {@link CompletableFuture} view of an {@link ExecutorFuture}: the source's outcome is
 * copied in by a done callback (the same failure object; a cancellation as a {@link
 * CancelledException} carrying the message), and cancelling the view cancels the source.
 */
final class CompletableFutureView<T extends @Nullable Object> extends CompletableFuture<T>
    implements Consumer<AsyncFuture<T>> {

  final ExecutorFuture<T> source;

  private CompletableFutureView(ExecutorFuture<T> source) {
    this.source = source;
  }

  static <T extends @Nullable Object> CompletableFutureView<T> of(ExecutorFuture<T> source) {
    CompletableFutureView<T> view = new CompletableFutureView<>(source);
    source.addDoneCallback(view);
    return view;
  }

  /** The source is done: copy its outcome (never cancels anything). */
  @Override
  public void accept(AsyncFuture<T> done) {
    copyOutcome();
  }

  private void copyOutcome() {
    Throwable failure;
    try {
      failure = source.exception();
    } catch (CancelledException cancelled) {
      super.completeExceptionally(cancelled);
      return;
    }
    if (failure != null) {
      super.completeExceptionally(failure);
    } else {
      super.complete(source.result());
    }
  }

  /*
   * Since JDK 23, join() and get() throw a fresh CancellationException("join"/"get") caused by
   * the stored one; rethrow the stored one, so the cancel message is the message users see.
   */

  @Override
  public T join() {
    try {
      return super.join();
    } catch (CancellationException e) {
      throw Blocking.innermostCancellation(e);
    }
  }

  @Override
  public T get() throws InterruptedException, ExecutionException {
    try {
      return super.get();
    } catch (CancellationException e) {
      throw Blocking.innermostCancellation(e);
    }
  }

  @Override
  public T get(long timeout, TimeUnit unit)
      throws InterruptedException,
          ExecutionException,
          TimeoutException {
    try {
      return super.get(timeout, unit);
    } catch (CancellationException e) {
      throw Blocking.innermostCancellation(e);
    }
  }

  @Override
  public T getNow(T valueIfAbsent) {
    try {
      return super.getNow(valueIfAbsent);
    } catch (CancellationException e) {
      throw Blocking.innermostCancellation(e);
    }
  }

  /**
   * Cancels the source; the view is cancelled if the source is. A running task cannot be
   * cancelled, so then this returns false and the view stays pending.
   */
  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    return cancelSource(null);
  }

  /**
   * A {@link CancellationException} cancels the source with its message; any other failure
   * completes only this view.
   */
  @Override
  public boolean completeExceptionally(Throwable failure) {
    if (failure instanceof CancellationException) {
      return cancelSource(failure.getMessage());
    }
    return super.completeExceptionally(failure);
  }

  private boolean cancelSource(@Nullable String message) {
    boolean wasDone = isDone();
    source.cancel(message);
    if (source.isDone()) {
      /* The source's callbacks may be deferred on a deep stack; copy now so cancel() is true. */
      copyOutcome();
    }
    return !wasDone && isCancelled();
  }
}
