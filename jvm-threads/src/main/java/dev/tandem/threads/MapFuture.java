package dev.tandem.threads;

import dev.tandem.api.ExecutorFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** {@link ExecutorCombinators#map}: the input's value through a function. */
final class MapFuture<I extends @Nullable Object, O extends @Nullable Object>
    extends StepFuture<I, O> {

  private @Nullable Function<? super I, ? extends O> fn;

  MapFuture(
      ExecutorFuture<I> input, Function<? super I, ? extends O> fn, @Nullable Executor executor) {
    super(input, executor);
    this.fn = fn;
  }

  @Override
  boolean takes(@Nullable Throwable failure) {
    return failure == null;
  }

  @Override
  void step() {
    Function<? super I, ? extends O> f = fn;
    if (f == null || !isPending()) {
      return; // cancelled while the step waited for its executor
    }
    fn = null;
    O value;
    try {
      value = f.apply(input.result());
    } catch (Throwable failure) {
      tryFail(failure);
      return;
    }
    tryComplete(value);
  }
}
