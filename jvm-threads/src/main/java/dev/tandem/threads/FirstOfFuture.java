package dev.tandem.threads;

import dev.tandem.api.AsyncFuture;
import org.jspecify.annotations.Nullable;

/**
 * {@link ExecutorCombinators#firstOf}: the outcome of the first input to be done (value, failure
 * or cancellation); the others are left alone.
 */
final class FirstOfFuture<T extends @Nullable Object> extends GroupFuture<T, T> {

  FirstOfFuture(AsyncFuture<? extends T>[] inputs) {
    super(inputs);
  }

  @Override
  public void accept(AsyncFuture<?> done) {
    completeFrom(done);
  }
}
