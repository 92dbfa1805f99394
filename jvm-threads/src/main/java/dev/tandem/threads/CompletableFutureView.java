package dev.tandem.threads;

import dev.tandem.api.AsyncFuture;
import dev.tandem.api.CancelledException;
import dev.tandem.api.ContextCarrier;
import dev.tandem.api.ContextPropagator;
import dev.tandem.api.Failures;
import dev.tandem.api.LoopFuture;
import dev.tandem.api.LoopThreads;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The live {@link CompletableFuture} view of any {@link AsyncFuture} ({@link
 * ExecutorFutures#asCompletableFuture}; interop's {@code asCompletableFuture()} returns this same
 * class). The source's outcome is copied in by a done callback (the same failure object; a
 * cancellation as the {@link CancelledException} carrying the message), registered on a loop
 * future's own thread. Cancelling the view cancels the source. Blocking reads obey the deadlock
 * guard, and so do the dependent stages it creates. The view carries its source's context
 * propagator ({@link ContextCarrier#propagatorOf}), so with one, the functions of its dependent
 * stages run in their registrants' context.
 */
final class CompletableFutureView<T extends @Nullable Object> extends GuardedCompletableFuture<T>
    implements Consumer<AsyncFuture<T>> {

  final AsyncFuture<T> source;

  private CompletableFutureView(AsyncFuture<T> source) {
    this.source = source;
  }

  @Override
  public ContextPropagator contextPropagator() {
    return ContextFunctions.propagatorOf(source);
  }

  static <T extends @Nullable Object> CompletableFutureView<T> of(AsyncFuture<T> source) {
    CompletableFutureView<T> view = new CompletableFutureView<>(source);
    /*
     * The class check first: it is one compare, where a failing check against the LoopFuture
     * interface scans the source class's interfaces each time (HotSpot caches only hits), about
     * 15 ns of the view's cost for an executor future.
     */
    if (source instanceof ExecutorFutureBase<T> own) {
      own.register(view); // copies the outcome, runs no user code: no context to capture
    } else if (source instanceof LoopFuture<T> loopFuture) {
      /* A loop that closes while the source is pending would leave the view pending forever. */
      LoopThreads.observe(
          source, view, () -> view.completeCancelled(LoopThreads.loopClosed(loopFuture.loop())));
    } else {
      source.addDoneCallback(view);
    }
    return view;
  }

  /** The source is done: copy its outcome, unless the view is done already (never cancels). */
  @Override
  public void accept(AsyncFuture<T> done) {
    if (isDone()) {
      return;
    }
    Throwable failure;
    try {
      failure = source.exception();
    } catch (CancellationException cancelled) {
      completeCancelled(cancelled);
      return;
    }
    if (failure != null) {
      super.completeExceptionally(Failures.unwrap(failure));
    } else {
      super.complete(source.result());
    }
  }

  /** Ends the view cancelled, holding {@code cancelled} (so its message is the one users see). */
  void completeCancelled(CancellationException cancelled) {
    super.completeExceptionally(cancelled);
  }

  /**
   * Cancels the source, and returns true if the view is cancelled afterwards (also when it
   * already was: the {@link CompletableFuture#cancel} contract). A source that is a loop future
   * is cancelled on its loop's thread, and the view at once; any other source at once, and the
   * view with it, so a task that is already running (which cannot be cancelled) leaves the view
   * pending and this returns false.
   */
  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    cancelSource(null);
    return isCancelled();
  }

  /**
   * A {@link CancellationException} cancels the source with its message, as {@link #cancel}
   * does; any other failure completes only this view. True if this call moved the view to done.
   */
  @Override
  public boolean completeExceptionally(Throwable failure) {
    if (failure instanceof CancellationException) {
      boolean wasDone = isDone();
      cancelSource(failure.getMessage());
      return !wasDone && isCancelled();
    }
    return super.completeExceptionally(failure);
  }

  private void cancelSource(@Nullable String message) {
    if (isDone()) {
      return; // a done view never cancels its source
    }
    if (source instanceof LoopFuture) {
      /* The loop future is cancelled later on its own thread; the view must be cancelled now. */
      completeCancelled(new CancelledException(message));
      LoopThreads.cancelUnlessDone(source, message);
      return;
    }
    source.cancel(message);
    if (source.isDone()) {
      /* The source's callbacks may be deferred on a deep stack; copy now so cancel() is true. */
      accept(source);
    }
  }
}
