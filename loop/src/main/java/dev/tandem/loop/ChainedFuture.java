package dev.tandem.loop;

import dev.tandem.api.AsyncFuture;
import dev.tandem.api.Failures;
import dev.tandem.api.LoopFuture;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * What the loop-side composition operators ({@link LoopFutures#map}, {@link
 * LoopFutures#compose}, {@link LoopFutures#recover}, {@link LoopFutures#andFinally}) share: the
 * output is a loop future of the input's loop and is the input's one done callback, so the
 * user's function runs later, on the loop thread, never inline, even when the input is already
 * done (loop futures always schedule their callbacks). Stack depth stays constant however long
 * the chain: every step is a callback of its own.
 *
 * <p>Cancellation crosses both ways with its message: a cancelled input cancels the output; a
 * cancelled output cancels the input (unless it is done) and the inner future of a {@code
 * compose} that is already running. The output is owned by its loop ({@link
 * Combinators#cancelOnClose}; on Tandem's own loops a link in {@link OwnedFutures}, undone by the
 * output's own completion), so closing the loop cancels it instead of leaving it pending.
 */
abstract class ChainedFuture<I extends @Nullable Object, O extends @Nullable Object>
    extends OwnedLoopFuture<O> implements Consumer<AsyncFuture<I>> {

  final LoopFuture<I> input;

  ChainedFuture(FutureHost host, LoopFuture<I> input) {
    super(host);
    this.input = input;
  }

  /**
   * Wires {@code output} as the one done callback of its input and registers it with the loop.
   *
   * @throws dev.tandem.api.WrongThreadException from a foreign thread while the loop runs
   */
  static <F extends ChainedFuture<?, ?>> F start(F output) {
    @SuppressWarnings("unchecked")
    ChainedFuture<Object, ?> chained = (ChainedFuture<Object, ?>) output;
    chained.input.addDoneCallback(chained);
    return Combinators.cancelOnClose(output);
  }

  /** The host of {@code input}'s loop, for building an output on it. */
  static FutureHost hostOf(LoopFuture<?> input, String name) {
    Objects.requireNonNull(input, name);
    if (input instanceof DefaultLoopFuture<?> own) {
      return own.host; // the same host Combinators.host(input.loop()) finds, without the calls
    }
    return Combinators.host(input.loop());
  }

  /** The input is done (loop thread): pass a cancellation on, or hand the outcome to the step. */
  @Override
  @SuppressWarnings("unchecked")
  public void accept(AsyncFuture<I> done) {
    assert host.inLoopThread();
    if (isDone()) {
      Combinators.markRetrieved(done); // the output was cancelled first: nobody reads it
      return;
    }
    if (done instanceof DefaultLoopFuture<?> own) {
      Object value = own.valueOrOutcome(); // one read for the common case, a value
      if (value != DefaultLoopFuture.NOT_A_VALUE) {
        onValue((I) value);
        return;
      }
    }
    if (done.isCancelled()) {
      cancel(Failures.cancelMessage(done));
      return;
    }
    Throwable failure = done.exception();
    if (failure == null) {
      onValue(done.result());
    } else {
      onFailure(Failures.unwrap(failure));
    }
  }

  /** The input succeeded with {@code value}; complete the output. Loop thread. */
  void onValue(I value) {
    throw new AssertionError("a chained future that takes values overrides onValue");
  }

  /** The input failed with {@code failure} (unwrapped); complete the output. Loop thread. */
  void onFailure(Throwable failure) {
    fail(failure);
  }

  /**
   * Completes the output with what a user function threw: that exact object, or a
   * cancellation of the output if it threw a {@link CancellationException}.
   */
  final void failWithThrown(Throwable thrown) {
    if (thrown instanceof CancellationException cancelled) {
      cancel(cancelled.getMessage());
    } else {
      fail(thrown);
    }
  }

  @Override
  void onCancelled(@Nullable String message) {
    if (!input.isDone()) {
      input.cancel(message);
    }
  }
}
