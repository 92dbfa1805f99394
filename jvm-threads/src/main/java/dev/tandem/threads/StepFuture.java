package dev.tandem.threads;

import dev.tandem.api.AsyncFuture;
import dev.tandem.api.ContextPropagator;
import dev.tandem.api.ExecutorFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The output of a one-input combinator ({@code map}, {@code compose}, {@code recover}, {@code
 * andFinally}); it is itself the done callback of its input, so a step costs one object.
 *
 * <p>When the input is done, {@link #accept} decides: a cancelled input cancels the output with
 * its message; an outcome the operation {@link #takes} runs {@link #step} (in the completing
 * thread, or on the executor); any other outcome passes to the output as it is. Cancelling the
 * output cancels the input unless it is done.
 */
abstract class StepFuture<I extends @Nullable Object, O extends @Nullable Object, F>
    extends DependentFuture<O> implements Consumer<AsyncFuture<I>> {

  final ExecutorFuture<I> input;
  private final @Nullable Executor executor;
  /* The input's propagator, taken once: the output's callbacks and a step on the executor use it. */
  private final ContextPropagator propagator;
  /* The user's function (or action); taken by the one step that runs it, so it is released. */
  private @Nullable F fn;

  StepFuture(ExecutorFuture<I> input, F fn, @Nullable Executor executor) {
    this.input = input;
    this.fn = fn;
    this.executor = executor;
    this.propagator = ContextFunctions.propagatorOf(input);
  }

  /**
   * The input's propagator: registering this step on the input captured the composer's context,
   * and the output's own callbacks capture their registrants'.
   */
  @Override
  public final ContextPropagator contextPropagator() {
    return propagator;
  }

  /**
   * The function, for the step to run: null if a step took it already or, unless {@code
   * evenIfDone}, if the output is no longer pending (cancelled while the step waited for its
   * executor or for the input).
   */
  final @Nullable F takeFunction(boolean evenIfDone) {
    F f = fn;
    fn = null;
    return evenIfDone || isPending() ? f : null;
  }

  /** Completes the output with {@code f(argument)}, or fails it with what {@code f} threw. */
  final <A extends @Nullable Object> void completeWith(
      Function<? super A, ? extends O> f, A argument) {
    O value;
    try {
      value = f.apply(argument);
    } catch (Throwable failure) {
      tryFail(failure);
      return;
    }
    tryComplete(value);
  }

  /** Registers this as the input's done callback; called once, after construction. */
  final StepFuture<I, O, F> start() {
    input.addDoneCallback(this);
    return this;
  }

  /**
   * Whether the operation's function handles this outcome of the input (its failure, or null for
   * a value); by default a value only.
   */
  boolean takes(@Nullable Throwable failure) {
    return failure == null;
  }

  /** Runs the operation's function on the done input; the output is still pending, or was. */
  abstract void step();

  /** The input is done (the argument is always the input). */
  @Override
  public void accept(AsyncFuture<I> done) {
    if (!isPending()) {
      return;
    }
    /* One read for the common case, an input of this package that succeeded. */
    if (input instanceof OwnStateFuture<?> own && own.succeeded()) {
      if (takes(null)) {
        dispatch();
      } else {
        completeFrom(input);
      }
      return;
    }
    if (!input.isCancelled() && takes(input.exception())) {
      dispatch();
    } else {
      completeFrom(input);
    }
  }

  /**
   * The input's value, for a step that runs because the input succeeded: read directly from an
   * input of this package, through {@code result()} from any other.
   */
  @SuppressWarnings("unchecked")
  final I inputValue() {
    return input instanceof OwnStateFuture<?> own ? (I) own.value() : input.result();
  }

  /** Runs {@link #step} in this thread or hands it to the executor; a rejection fails the output. */
  final void dispatch() {
    Executor target = executor;
    if (target == null) {
      step();
      return;
    }
    try {
      /* Runs inside the input's callback, in the composer's context: the step takes it along. */
      target.execute(ContextFunctions.runnable(propagator, this::step));
    } catch (Throwable rejected) {
      onRejected(rejected);
    }
  }

  /** The executor refused the step (or threw): the output fails with that exception. */
  void onRejected(Throwable rejected) {
    tryFail(rejected);
  }

  @Override
  void afterCancelled(@Nullable String message) {
    CancelPropagation.cancelUnlessDone(input, message);
  }
}
