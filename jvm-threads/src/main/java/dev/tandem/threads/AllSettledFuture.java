package dev.tandem.threads;

import dev.tandem.api.AsyncFuture;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@link ExecutorCombinators#allSettled}: the inputs themselves, in input order, once every one
 * is done, whatever its outcome. Only a cancel of the output itself (or a pending loop input on a
 * closed loop) ends it otherwise.
 */
final class AllSettledFuture<T extends @Nullable Object>
    extends GroupFuture<T, List<AsyncFuture<T>>> {

  AllSettledFuture(AsyncFuture<? extends T>[] inputs) {
    super(inputs);
    if (inputs.length == 0) {
      tryComplete(List.of());
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public void accept(AsyncFuture<?> done) {
    if (isPending() && countDown()) {
      /* Covariant reads only: an AsyncFuture<? extends T> is read as an AsyncFuture<T>. */
      tryComplete(Collections.unmodifiableList(Arrays.asList((AsyncFuture<T>[]) inputs)));
    }
  }
}
