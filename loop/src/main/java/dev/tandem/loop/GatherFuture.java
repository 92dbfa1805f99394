package dev.tandem.loop;

import dev.tandem.api.AsyncFuture;
import dev.tandem.api.CancelledException;
import dev.tandem.api.Failures;
import dev.tandem.api.LoopFuture;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * {@link LoopFutures#gather}: the gather and its one done callback, registered on every input
 * (asyncio's design). It only counts, and fails the gather early; the results are read from the
 * inputs, in input order, once the last one is done. No per-input object besides the input
 * itself (or its view, for an input of another kind). A future given twice is two inputs.
 */
final class GatherFuture extends OwnedLoopFuture<List<@Nullable Object>>
    implements Consumer<AsyncFuture<?>> {
  private final LoopFuture<?>[] children;
  private final boolean returnExceptions;
  private int remaining;

  private GatherFuture(FutureHost host, int n, boolean returnExceptions) {
    super(host);
    this.children = new LoopFuture<?>[n];
    this.returnExceptions = returnExceptions;
    this.remaining = n;
  }

  static LoopFuture<List<@Nullable Object>> start(
      FutureHost host, List<? extends AsyncFuture<?>> futures, boolean returnExceptions) {
    List<? extends AsyncFuture<?>> inputs = Combinators.requireFutures(futures);
    GatherFuture gather = new GatherFuture(host, inputs.size(), returnExceptions);
    if (inputs.isEmpty()) {
      gather.setResult(List.of());
      return gather;
    }
    for (int i = 0; i < inputs.size(); i++) {
      LoopFuture<?> child = Combinators.adoptInput(host, inputs.get(i));
      gather.children[i] = child;
      child.addDoneCallback(gather);
    }
    return Combinators.cancelOnClose(gather);
  }

  @Override
  void onCancelled(@Nullable String message) {
    for (LoopFuture<?> child : children) {
      if (child != null && !child.isDone()) {
        child.cancel(message);
      }
    }
  }

  /** An input is done. */
  @Override
  public void accept(AsyncFuture<?> child) {
    assert host.inLoopThread();
    if (isDone()) {
      Combinators.markRetrieved(child); // the gather's outcome is decided
      return;
    }
    if (!returnExceptions) {
      Throwable failure = failureOf(child);
      if (failure != null) {
        fail(failure);
        return;
      }
    }
    if (--remaining == 0) {
      @Nullable Object[] results = new Object[children.length];
      for (int i = 0; i < results.length; i++) {
        LoopFuture<?> input = children[i];
        // Without returnExceptions a failure already failed the gather: all succeeded.
        Throwable failure = returnExceptions ? failureOf(input) : null;
        results[i] = failure != null ? failure : input.result();
      }
      setResult(Collections.unmodifiableList(Arrays.asList(results)));
    }
  }

  /**
   * A done input's failure as the gather reports it: the unwrapped exception, or a {@link
   * CancelledException} with the cancel message; null if it succeeded. Marks a failure seen.
   */
  private static @Nullable Throwable failureOf(AsyncFuture<?> child) {
    if (child.isCancelled()) {
      return new CancelledException(Failures.cancelMessage(child));
    }
    Throwable failure = child.exception();
    return failure == null ? null : Failures.unwrap(failure);
  }
}
