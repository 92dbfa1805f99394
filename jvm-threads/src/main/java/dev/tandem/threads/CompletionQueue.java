package dev.tandem.threads;

import dev.tandem.api.AsyncFuture;
import dev.tandem.api.Handle;
import dev.tandem.api.LoopFuture;
import dev.tandem.api.LoopThreads;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The one waiter of a group wait: registered as the done callback of every pending future, it
 * queues each future as it completes, so the waiting thread handles each completion once and
 * never rescans the group.
 *
 * <p>A {@link LoopFuture} is confined to its loop's thread and can be stranded: its loop may close
 * while it is pending, and a closed loop runs no callback. The waiter observes loop futures
 * through {@link LoopThreads#observe}, which sees that case too, and queues a stranded future as
 * a {@link Completion} with {@code stranded} set: the wait stops waiting for it, and it stays not
 * done. An executor future needs no observation: the waiter itself is its callback.
 *
 * <p>Registration and removal happen on the waiting thread only; completions arrive from any
 * thread.
 */
final class CompletionQueue implements Consumer<AsyncFuture<?>> {

  /** A future that completed, or ({@code stranded}) one that can no longer complete. */
  record Completion(AsyncFuture<?> future, boolean stranded) {}

  /**
   * Queued by {@link #wakeUp()} instead of a completion: the waiter's scope was cancelled or a
   * deadline above it moved, so it looks again.
   */
  static final Completion WAKE_UP = new Completion(ExecutorFutures.completed(null), false);

  private final LinkedBlockingQueue<Completion> completed = new LinkedBlockingQueue<>();
  private final Map<AsyncFuture<?>, Handle> loopObservations = new IdentityHashMap<>();

  @Override
  public void accept(AsyncFuture<?> done) {
    completed.add(new Completion(done, false));
  }

  void register(AsyncFuture<?> future) {
    if (future instanceof LoopFuture<?>) {
      loopObservations.put(
          future,
          LoopThreads.observe(future, this, () -> completed.add(new Completion(future, true))));
    } else {
      future.addDoneCallback(this);
    }
  }

  void unregister(AsyncFuture<?> future) {
    if (future instanceof LoopFuture<?>) {
      Handle observation = loopObservations.remove(future);
      if (observation != null) {
        observation.cancel();
      }
    } else {
      future.removeDoneCallback(this);
    }
  }

  /** Ends a {@link #poll(long, boolean)} in progress (or the next) with {@link #WAKE_UP}. */
  void wakeUp() {
    completed.add(WAKE_UP);
  }

  @Nullable Completion poll() {
    return forget(completed.poll());
  }

  @Nullable Completion poll(long nanos, boolean timed) throws InterruptedException {
    return forget(timed ? completed.poll(nanos, TimeUnit.NANOSECONDS) : completed.take());
  }

  /**
   * Waits for the next completion as {@link #poll(long, boolean)} does, inside {@code scope}
   * when there is one: at most until the scope's earliest deadline, and woken by its
   * cancellation; returns {@link #WAKE_UP} when it woke for either (the caller then calls {@link
   * CancelScope#throwIfCancelled()} and, if that returns, waits again).
   */
  @Nullable Completion poll(long nanos, boolean timed, @Nullable CancelScope scope)
      throws InterruptedException {
    if (scope == null) {
      return poll(nanos, timed);
    }
    long cap = scope.nanosToDeadline(System.nanoTime());
    if (cap == Long.MAX_VALUE) {
      return poll(nanos, timed);
    }
    if (timed && nanos <= cap) {
      return poll(nanos, true);
    }
    Completion next = forget(completed.poll(cap, TimeUnit.NANOSECONDS));
    return next == null ? WAKE_UP : next;
  }

  /** A delivered observation has ended: the waiter keeps no reference to its future. */
  private @Nullable Completion forget(@Nullable Completion completion) {
    if (completion != null && completion.future() instanceof LoopFuture<?>) {
      loopObservations.remove(completion.future());
    }
    return completion;
  }

  void drainTo(Collection<Completion> sink) {
    completed.drainTo(sink);
    sink.removeIf(completion -> completion == WAKE_UP);
  }
}
