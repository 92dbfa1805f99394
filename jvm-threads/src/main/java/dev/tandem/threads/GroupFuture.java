package dev.tandem.threads;

import dev.tandem.api.AsyncFuture;
import dev.tandem.api.ContextPropagator;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Collection;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The output of a group combinator ({@code allOf}, {@code allSettled}, {@code firstOf}) over
 * futures of either kind: it is itself the done callback registered on every input (on a loop
 * future's own thread), and cancelling it cancels every input that is not done. An input given
 * twice is registered twice, so it counts twice.
 */
abstract class GroupFuture<T extends @Nullable Object, R extends @Nullable Object>
    extends DependentFuture<R> implements Consumer<AsyncFuture<?>> {

  private static final VarHandle REMAINING;

  static {
    try {
      REMAINING = MethodHandles.lookup().findVarHandle(GroupFuture.class, "remaining", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final AsyncFuture<? extends T>[] inputs;
  /* The first input's propagator that is not none: the output's callbacks capture with it. */
  private final ContextPropagator propagator;
  /* Registrations still to count down (allOf: to succeed; allSettled: to be done). */
  private volatile int remaining;

  GroupFuture(AsyncFuture<? extends T>[] inputs) {
    this.inputs = inputs;
    this.remaining = inputs.length;
    this.propagator = firstPropagator(inputs);
  }

  private static ContextPropagator firstPropagator(AsyncFuture<?>[] inputs) {
    for (AsyncFuture<?> input : inputs) {
      ContextPropagator p = ContextFunctions.propagatorOf(input);
      if (p != ContextPropagator.none()) {
        return p;
      }
    }
    return ContextPropagator.none();
  }

  /** The first propagating input's propagator: callbacks on the output capture with it. */
  @Override
  public final ContextPropagator contextPropagator() {
    return propagator;
  }

  /**
   * Counts one registration down; true for the one that was the last. Each input's callback
   * counts after that input was done, so the thread that gets true sees every input's outcome
   * (a loop future's too: reads of a done loop future are not confined to its loop).
   */
  final boolean countDown() {
    return (int) REMAINING.getAndAdd(this, -1) == 1;
  }

  /**
   * The inputs, copied, each checked before anything is registered.
   *
   * @throws NullPointerException naming {@code futures} or the null element's index
   */
  @SuppressWarnings("unchecked")
  static <T extends @Nullable Object> AsyncFuture<? extends T>[] inputs(
      Collection<? extends AsyncFuture<? extends T>> futures) {
    Objects.requireNonNull(futures, "futures");
    AsyncFuture<? extends T>[] copy = futures.toArray(new AsyncFuture[0]);
    for (int i = 0; i < copy.length; i++) {
      if (copy[i] == null) {
        throw new NullPointerException("futures[" + i + "] is null");
      }
    }
    return copy;
  }

  /** Registers this on every input, in order, until this future is done; called once. */
  final GroupFuture<T, R> start() {
    for (AsyncFuture<? extends T> input : inputs) {
      if (!isPending()) {
        break;
      }
      listenTo(input, this);
    }
    return this;
  }

  /** {@code done}, one of the inputs, is done. */
  @Override
  public abstract void accept(AsyncFuture<?> done);

  @Override
  void afterCancelled(@Nullable String message) {
    CancelPropagation.cancelAllUnlessDone(inputs, message);
  }
}
