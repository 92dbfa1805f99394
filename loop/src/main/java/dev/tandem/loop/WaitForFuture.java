package dev.tandem.loop;

import dev.tandem.api.AsyncFuture;
import dev.tandem.api.Handle;
import dev.tandem.api.LoopFuture;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * {@link LoopFutures#waitFor}: completes like its inner future, unless the timeout runs out
 * first; then it cancels the inner future, waits for it, and fails with {@link
 * TimeoutException} (unless the inner future completed anyway).
 */
final class WaitForFuture<T extends @Nullable Object> extends OwnedLoopFuture<T> {
  private final LoopFuture<T> inner;
  private final @Nullable Duration timeout;
  private boolean timedOut;
  private @Nullable Handle timer;
  private final Consumer<AsyncFuture<T>> onInnerDone = this::innerDone;

  private WaitForFuture(FutureHost host, LoopFuture<T> inner, @Nullable Duration timeout) {
    super(host);
    this.inner = inner;
    this.timeout = timeout;
  }

  static <T extends @Nullable Object> LoopFuture<T> start(
      FutureHost host, AsyncFuture<T> future, @Nullable Duration timeout) {
    Objects.requireNonNull(future, "future");
    Combinators.requireTimeout(timeout);
    LoopFuture<T> inner = Combinators.adoptInput(host, future);
    WaitForFuture<T> outer = new WaitForFuture<>(host, inner, timeout);
    inner.addDoneCallback(outer.onInnerDone);
    if (timeout != null) {
      outer.timer = host.eventLoop().callLater(timeout, outer::timeOut);
    }
    Combinators.cancelOnClose(outer);
    LoopScope scope = LoopScope.current(host);
    if (scope != null) {
      scope.cancelWithScope(outer); // a deadline or group around it ends it as well
    }
    return outer;
  }

  private void timeOut() {
    assert host.inLoopThread();
    if (isDone() || inner.isDone()) {
      return;
    }
    timedOut = true;
    inner.cancel("waitFor timed out after " + timeout);
  }

  private void innerDone(AsyncFuture<T> f) {
    assert host.inLoopThread();
    Handle t = timer;
    if (t != null) {
      t.cancel();
    }
    if (isDone()) {
      Combinators.markRetrieved(inner);
      return;
    }
    if (timedOut && inner.isCancelled()) {
      fail(new TimeoutException("waitFor timed out after " + timeout));
    } else {
      AdoptedFuture.copyOutcome(inner, this);
    }
  }

  @Override
  void onCancelled(@Nullable String message) {
    Handle t = timer;
    if (t != null) {
      t.cancel();
    }
    if (!inner.isDone()) {
      inner.cancel(message);
    }
  }
}
