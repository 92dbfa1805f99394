package dev.tandem.loop;

import dev.tandem.api.AsyncFuture;
import dev.tandem.api.LoopFuture;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * {@link LoopFutures#compose}: the function of the input's value returns a future of either
 * kind, or of another loop; the output completes like it. The inner future is adopted onto the
 * output's loop ({@link Combinators#adoptInput}), so its outcome arrives on the loop thread, and
 * cancelling the output while it is pending cancels it with the same message.
 */
final class ComposeFuture<I extends @Nullable Object, O extends @Nullable Object>
    extends ChainedFuture<I, O> {
  private final Function<? super I, ? extends AsyncFuture<? extends O>> function;
  private @Nullable LoopFuture<O> inner;
  private final Consumer<AsyncFuture<O>> onInnerDone = this::innerDone;

  private ComposeFuture(
      FutureHost host,
      LoopFuture<I> input,
      Function<? super I, ? extends AsyncFuture<? extends O>> function) {
    super(host, input);
    this.function = function;
  }

  static <I extends @Nullable Object, O extends @Nullable Object> LoopFuture<O> start(
      LoopFuture<I> input, Function<? super I, ? extends AsyncFuture<? extends O>> function) {
    FutureHost host = hostOf(input, "input");
    Objects.requireNonNull(function, "function");
    return ChainedFuture.start(new ComposeFuture<>(host, input, function));
  }

  @Override
  void onValue(I value) {
    AsyncFuture<? extends O> next;
    try {
      next = function.apply(value);
    } catch (Throwable thrown) {
      failWithThrown(thrown);
      return;
    }
    if (next == null) {
      fail(new NullPointerException("the compose function " + function + " returned null"));
      return;
    }
    LoopFuture<O> adopted = Combinators.adoptInput(host, next);
    inner = adopted;
    adopted.addDoneCallback(onInnerDone);
  }

  private void innerDone(AsyncFuture<O> done) {
    assert host.inLoopThread();
    if (isDone()) {
      Combinators.markRetrieved(done);
      return;
    }
    AdoptedFuture.copyOutcome(done, this);
  }

  @Override
  void onCancelled(@Nullable String message) {
    super.onCancelled(message);
    LoopFuture<O> running = inner;
    if (running != null && !running.isDone()) {
      running.removeDoneCallback(onInnerDone);
      running.cancel(message);
    }
  }
}
