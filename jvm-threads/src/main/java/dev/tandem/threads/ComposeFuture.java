package dev.tandem.threads;

import dev.tandem.api.AsyncFuture;
import dev.tandem.api.ExecutorFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * {@link ExecutorCombinators#compose}: the input's value through a function returning a future
 * of either kind (the inner future), whose outcome the output then takes.
 */
final class ComposeFuture<I extends @Nullable Object, O extends @Nullable Object>
    extends StepFuture<I, O, Function<? super I, ? extends AsyncFuture<? extends O>>> {

  /* Set once the function returned; read by a cancel of the output, which cancels it too. */
  private volatile @Nullable AsyncFuture<? extends O> inner;

  ComposeFuture(
      ExecutorFuture<I> input,
      Function<? super I, ? extends AsyncFuture<? extends O>> fn,
      @Nullable Executor executor) {
    super(input, fn, executor);
  }

  @Override
  void step() {
    Function<? super I, ? extends AsyncFuture<? extends O>> f = takeFunction(false);
    if (f == null) {
      return;
    }
    AsyncFuture<? extends O> next;
    try {
      next = f.apply(inputValue());
    } catch (Throwable failure) {
      tryFail(failure);
      return;
    }
    if (next == null) {
      tryFail(new NullPointerException("the compose function " + f + " returned null, not a future"));
      return;
    }
    inner = next;
    /*
     * A cancel of the output that won while the function ran may have read `inner` before the
     * store above (both volatile: if this thread still sees PENDING, that cancel will see the
     * inner future). So a cancel seen here is handed on here; the inner future may be cancelled
     * twice, which cancelUnlessDone makes harmless.
     */
    if (!isPending()) {
      awaitPublished();
      if (isCancelled()) {
        CancelPropagation.cancelUnlessDone(next, cancelMessage());
      }
      return;
    }
    listenTo(next, this::completeFrom);
  }

  @Override
  void afterCancelled(@Nullable String message) {
    super.afterCancelled(message);
    AsyncFuture<? extends O> running = inner;
    if (running != null) {
      CancelPropagation.cancelUnlessDone(running, message);
    }
  }
}
