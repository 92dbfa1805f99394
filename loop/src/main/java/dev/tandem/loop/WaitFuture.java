package dev.tandem.loop;

import dev.tandem.api.AsyncFuture;
import dev.tandem.api.DoneAndNotDone;
import dev.tandem.api.Handle;
import dev.tandem.api.LoopFuture;
import dev.tandem.api.ReturnWhen;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * {@link LoopFutures#wait}: splits distinct inputs into done and not done when {@code
 * returnWhen} says, or when the timeout runs out. One done callback object shared by every
 * input; the sets hold the caller's own futures, never the views made for inputs of another
 * kind.
 */
final class WaitFuture<F extends AsyncFuture<?>> extends OwnedLoopFuture<DoneAndNotDone<F>> {
  /** The distinct inputs, in first-seen order, and their views; trimmed once registered. */
  private Object[] inputs;

  private LoopFuture<?>[] views;
  private final ReturnWhen returnWhen;
  private int remaining;
  private @Nullable Handle timer;
  private final Consumer<AsyncFuture<?>> onInputDone = this::inputDone;

  private WaitFuture(FutureHost host, int given, ReturnWhen returnWhen) {
    super(host);
    this.inputs = new Object[given];
    this.views = new LoopFuture<?>[given];
    this.returnWhen = returnWhen;
  }

  static <F extends AsyncFuture<?>> LoopFuture<DoneAndNotDone<F>> start(
      FutureHost host,
      Collection<? extends F> futures,
      ReturnWhen returnWhen,
      @Nullable Duration timeout) {
    Objects.requireNonNull(returnWhen, "returnWhen");
    Combinators.requireTimeout(timeout);
    List<F> given = Combinators.requireFutures(futures);
    if (given.isEmpty()) {
      throw new IllegalArgumentException("wait() needs at least one future");
    }
    WaitFuture<F> wait = new WaitFuture<>(host, given.size(), returnWhen);
    int n = Combinators.adoptDistinct(host, given, wait.inputs, wait.views, wait.onInputDone);
    if (n < given.size()) {
      wait.inputs = Arrays.copyOf(wait.inputs, n);
      wait.views = Arrays.copyOf(wait.views, n);
    }
    wait.remaining = n;
    if (timeout != null) {
      wait.timer = host.eventLoop().callLater(timeout, wait::finishIfPending);
    }
    return Combinators.cancelOnClose(wait);
  }

  private void inputDone(AsyncFuture<?> view) {
    assert host.inLoopThread();
    if (isDone()) {
      return;
    }
    remaining--;
    if (remaining == 0
        || returnWhen == ReturnWhen.FIRST_COMPLETED
        || (returnWhen == ReturnWhen.FIRST_EXCEPTION
            && !view.isCancelled()
            && view.exception() != null)) {
      finishIfPending();
    }
  }

  private void finishIfPending() {
    assert host.inLoopThread();
    if (isDone()) {
      return;
    }
    if (remaining == 0) {
      /* Every input's callback ran: all are done, none holds the callback, no scan is needed. */
      cancelTimer();
      setResult(
          new DoneAndNotDone<F>(new ArraySet<>(inputs, inputs.length), new ArraySet<>(inputs, 0)));
      return;
    }
    int n = views.length;
    int doneCount = 0;
    for (int i = 0; i < n; i++) {
      if (views[i].isDone()) {
        doneCount++;
      }
    }
    /* The inputs are distinct: plain arrays in input order carry them to DoneAndNotDone. */
    Object[] done = new Object[doneCount];
    Object[] notDone = new Object[n - doneCount];
    int d = 0;
    int p = 0;
    for (int i = 0; i < n; i++) {
      if (views[i].isDone()) {
        done[d++] = inputs[i];
      } else {
        notDone[p++] = inputs[i];
      }
    }
    detach();
    setResult(new DoneAndNotDone<F>(new ArraySet<>(done, d), new ArraySet<>(notDone, p)));
  }

  private void detach() {
    cancelTimer();
    for (LoopFuture<?> view : views) {
      if (view != null && !view.isDone()) {
        view.removeDoneCallback(onInputDone);
      }
    }
  }

  private void cancelTimer() {
    Handle t = timer;
    if (t != null) {
      t.cancel();
    }
  }

  @Override
  void onCancelled(@Nullable String message) {
    detach();
  }
}
