package dev.tandem.threads;

import dev.tandem.api.ExecutorFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** {@link ExecutorCombinators#map}: the input's value through a function. */
final class MapFuture<I extends @Nullable Object, O extends @Nullable Object>
    extends StepFuture<I, O, Function<? super I, ? extends O>> {

  MapFuture(
      ExecutorFuture<I> input, Function<? super I, ? extends O> fn, @Nullable Executor executor) {
    super(input, fn, executor);
  }

  @Override
  void step() {
    Function<? super I, ? extends O> f = takeFunction(false);
    if (f != null) {
      completeWith(f, inputValue());
    }
  }
}
