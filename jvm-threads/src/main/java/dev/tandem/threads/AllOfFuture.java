package dev.tandem.threads;

import dev.tandem.api.AsyncFuture;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@link ExecutorCombinators#allOf}: the inputs' values in input order once all succeeded; the
 * first failure or cancellation of an input ends it at once with that outcome.
 */
final class AllOfFuture<T extends @Nullable Object> extends GroupFuture<T, List<T>> {

  AllOfFuture(AsyncFuture<? extends T>[] inputs) {
    super(inputs);
    if (inputs.length == 0) {
      tryComplete(List.of());
    }
  }

  @Override
  public void accept(AsyncFuture<?> done) {
    if (!isPending()) {
      return;
    }
    if (done.isCancelled() || done.exception() != null) {
      completeFrom(done);
    } else if (countDown()) {
      tryComplete(values());
    }
  }

  /* Every input succeeded; countDown() made their outcomes visible to this thread. */
  private List<T> values() {
    Object[] values = new Object[inputs.length];
    for (int i = 0; i < values.length; i++) {
      values[i] = inputs[i].result();
    }
    @SuppressWarnings("unchecked")
    List<T> list = (List<T>) Collections.unmodifiableList(Arrays.asList(values));
    return list;
  }
}
