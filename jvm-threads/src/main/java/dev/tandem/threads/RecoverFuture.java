package dev.tandem.threads;

import dev.tandem.api.ExecutorFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * {@link ExecutorCombinators#recover}: a failure of the given type through a function; a value,
 * another failure and a cancellation pass through.
 */
final class RecoverFuture<T extends @Nullable Object, X extends Throwable>
    extends StepFuture<T, T, Function<? super X, ? extends T>> {

  private final Class<X> type;

  RecoverFuture(
      ExecutorFuture<T> input,
      Class<X> type,
      Function<? super X, ? extends T> fn,
      @Nullable Executor executor) {
    super(input, fn, executor);
    this.type = type;
  }

  @Override
  boolean takes(@Nullable Throwable failure) {
    return type.isInstance(failure);
  }

  @Override
  void step() {
    Function<? super X, ? extends T> f = takeFunction(false);
    if (f != null) {
      completeWith(f, type.cast(input.exception()));
    }
  }
}
