package dev.tandem.loop;

import dev.tandem.api.AsyncFuture;
import dev.tandem.api.LoopFuture;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * {@link LoopFutures#shield}: completes like its inner future, but its own cancellation only
 * detaches it from the inner one.
 */
final class ShieldFuture<T extends @Nullable Object> extends OwnedLoopFuture<T> {
  private final LoopFuture<T> inner;
  private final Consumer<AsyncFuture<T>> onInnerDone = this::innerDone;

  private ShieldFuture(FutureHost host, LoopFuture<T> inner) {
    super(host);
    this.inner = inner;
  }

  static <T extends @Nullable Object> LoopFuture<T> start(FutureHost host, AsyncFuture<T> future) {
    Objects.requireNonNull(future, "future");
    LoopFuture<T> inner = Combinators.adoptInput(host, future);
    if (inner.isDone()) {
      return inner;
    }
    ShieldFuture<T> outer = new ShieldFuture<>(host, inner);
    inner.addDoneCallback(outer.onInnerDone);
    return Combinators.cancelOnClose(outer);
  }

  private void innerDone(AsyncFuture<T> f) {
    assert host.inLoopThread();
    if (isDone()) {
      return;
    }
    AdoptedFuture.copyOutcome(inner, this);
  }

  @Override
  void onCancelled(@Nullable String message) {
    inner.removeDoneCallback(onInnerDone);
  }
}
