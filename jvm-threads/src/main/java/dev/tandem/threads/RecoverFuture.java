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
    extends StepFuture<T, T> {

  private final Class<X> type;
  private @Nullable Function<? super X, ? extends T> fn;

  RecoverFuture(
      ExecutorFuture<T> input,
      Class<X> type,
      Function<? super X, ? extends T> fn,
      @Nullable Executor executor) {
    super(input, executor);
    this.type = type;
    this.fn = fn;
  }

  @Override
  boolean takes(@Nullable Throwable failure) {
    return type.isInstance(failure);
  }

  @Override
  void step() {
    Function<? super X, ? extends T> f = fn;
    if (f == null || !isPending()) {
      return;
    }
    fn = null;
    T value;
    try {
      value = f.apply(type.cast(input.exception()));
    } catch (Throwable failure) {
      tryFail(failure);
      return;
    }
    tryComplete(value);
  }
}
