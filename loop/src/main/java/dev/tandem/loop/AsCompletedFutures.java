package dev.tandem.loop;

import dev.tandem.api.AsyncFuture;
import dev.tandem.api.Handle;
import dev.tandem.api.LoopFuture;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * {@link LoopFutures#asCompleted}: one slot future per distinct input, filled in completion
 * order. The state shared by the slots and the one done callback registered on every input.
 */
final class AsCompletedFutures<T extends @Nullable Object> {
  private final FutureHost host;
  /** One slot per distinct input; made once the inputs are registered. */
  private DefaultLoopFuture<T>[] slots;

  private LoopFuture<? extends T>[] views;
  private @Nullable SlotsGuard guard;
  private int nextSlot;
  private int remainingInputs;
  private @Nullable Handle timer;
  private final Consumer<AsyncFuture<?>> onInputDone = this::inputDone;

  @SuppressWarnings("unchecked")
  private AsCompletedFutures(FutureHost host, int given) {
    this.host = host;
    slots = (DefaultLoopFuture<T>[]) new DefaultLoopFuture<?>[0];
    views = (LoopFuture<? extends T>[]) new LoopFuture<?>[given];
  }

  /** Makes the {@code n} slots for the {@code n} distinct inputs registered, and their guard. */
  @SuppressWarnings("unchecked")
  private SlotsGuard makeSlots(int n) {
    if (n < views.length) {
      views = Arrays.copyOf(views, n);
    }
    slots = (DefaultLoopFuture<T>[]) new DefaultLoopFuture<?>[n];
    for (int i = 0; i < n; i++) {
      slots[i] = new DefaultLoopFuture<>(host);
    }
    remainingInputs = n;
    SlotsGuard g = new SlotsGuard(host, slots);
    guard = g;
    return g;
  }

  @SuppressWarnings("unchecked")
  static <T extends @Nullable Object> List<LoopFuture<T>> start(
      FutureHost host,
      Collection<? extends AsyncFuture<? extends T>> futures,
      @Nullable Duration timeout) {
    Combinators.requireTimeout(timeout);
    List<? extends AsyncFuture<? extends T>> inputs = Combinators.requireFutures(futures);
    if (inputs.isEmpty()) {
      return List.of();
    }
    AsCompletedFutures<T> state = new AsCompletedFutures<>(host, inputs.size());
    /* A loop future's callbacks never run inside addDoneCallback: the slots exist by then. */
    int n = Combinators.adoptDistinct(host, inputs, null, state.views, state.onInputDone);
    SlotsGuard guard = state.makeSlots(n);
    if (timeout != null) {
      state.timer = host.eventLoop().callLater(timeout, () -> state.timeOut(timeout));
    }
    /* One registered guard stands for all the slots: closing the loop cancels the pending ones. */
    Combinators.cancelOnClose(guard);
    return Collections.unmodifiableList(Arrays.asList((LoopFuture<T>[]) state.slots));
  }

  /** Every slot has its outcome (each input filled one, or they timed out): release the guard. */
  private void allSlotsDone() {
    SlotsGuard g = guard;
    if (g != null && !g.isDone()) {
      g.setResult(null);
    }
  }

  private void inputDone(AsyncFuture<?> view) {
    assert host.inLoopThread();
    boolean last = --remainingInputs == 0;
    if (last && timer != null) {
      timer.cancel();
    }
    fillNextSlot(view);
    if (last) {
      allSlotsDone(); // n outcomes for n slots: none is pending any more
    }
  }

  @SuppressWarnings("unchecked")
  private void fillNextSlot(AsyncFuture<?> view) {
    while (nextSlot < slots.length && slots[nextSlot].isDone()) {
      nextSlot++;
    }
    if (nextSlot == slots.length) {
      Combinators.markRetrieved(view); // nobody is left to hand it to
      return;
    }
    DefaultLoopFuture<T> slot = slots[nextSlot++];
    if (view instanceof DefaultLoopFuture<?> own) {
      Object value = own.valueOrOutcome(); // one read for the common case, a value
      if (value != DefaultLoopFuture.NOT_A_VALUE) {
        slot.setResult((T) value);
        return;
      }
    }
    AdoptedFuture.copyOutcome((AsyncFuture<? extends T>) view, slot);
  }

  private void timeOut(Duration timeout) {
    assert host.inLoopThread();
    for (LoopFuture<? extends T> view : views) {
      if (!view.isDone()) {
        view.removeDoneCallback(onInputDone);
      }
    }
    for (int i = nextSlot; i < slots.length; i++) {
      if (!slots[i].isDone()) {
        slots[i].fail(new TimeoutException("asCompleted timed out after " + timeout));
      }
    }
    nextSlot = slots.length;
    allSlotsDone();
  }

  /**
   * Registered for close in place of every slot of one {@code asCompleted} call (one
   * registration instead of n): closing the loop cancels the slots still pending. It completes
   * once all slots have their outcomes, which ends the registration.
   */
  private static final class SlotsGuard extends OwnedLoopFuture<@Nullable Void> {
    private final DefaultLoopFuture<?>[] slots;

    SlotsGuard(FutureHost host, DefaultLoopFuture<?>[] slots) {
      super(host);
      this.slots = slots;
    }

    @Override
    void onCancelled(@Nullable String message) {
      for (DefaultLoopFuture<?> slot : slots) {
        if (!slot.isDone()) {
          slot.cancel(message);
        }
      }
    }
  }
}
