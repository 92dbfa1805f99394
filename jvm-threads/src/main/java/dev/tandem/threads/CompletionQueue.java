package dev.tandem.threads;

import dev.tandem.api.AsyncFuture;
import dev.tandem.api.LoopFuture;
import dev.tandem.api.LoopThreads;
import java.util.Collection;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The one waiter of a group wait: registered as a done callback on every pending future, it
 * queues each future as it completes, so the waiting thread handles each completion once and
 * never rescans the group.
 *
 * <p>A {@link LoopFuture} is confined to its loop's thread, so registration and removal on it go
 * through {@link LoopThreads}.
 */
final class CompletionQueue implements Consumer<AsyncFuture<?>> {
  /**
   * Queued by {@link #wakeUp()} instead of a completion: the waiter's scope was cancelled or a
   * deadline above it moved, so it looks again.
   */
  static final AsyncFuture<?> WAKE_UP = ExecutorFutures.completed(null);

  private final LinkedBlockingQueue<AsyncFuture<?>> completed = new LinkedBlockingQueue<>();

  /** Ends a {@link #poll(long, boolean)} in progress (or the next) with {@link #WAKE_UP}. */
  void wakeUp() {
    completed.add(WAKE_UP);
  }

  @Override
  public void accept(AsyncFuture<?> future) {
    completed.add(future);
  }

  /** A loop future whose loop is closed can no longer complete: it is simply never queued. */
  @SuppressWarnings("unchecked")
  void register(AsyncFuture<?> future) {
    LoopThreads.addDoneCallback((AsyncFuture<Object>) future, this);
  }

  @SuppressWarnings("unchecked")
  void unregister(AsyncFuture<?> future) {
    LoopThreads.removeDoneCallback((AsyncFuture<Object>) future, this);
  }

  @Nullable AsyncFuture<?> poll() {
    return completed.poll();
  }

  @Nullable AsyncFuture<?> poll(long nanos, boolean timed) throws InterruptedException {
    return timed ? completed.poll(nanos, TimeUnit.NANOSECONDS) : completed.take();
  }

  void drainTo(Collection<AsyncFuture<?>> sink) {
    completed.drainTo(sink);
    sink.remove(WAKE_UP);
  }

  /**
   * Waits for the next completion as {@link #poll(long, boolean)} does, inside {@code scope}
   * when there is one: at most until the scope's earliest deadline, and woken by its
   * cancellation; returns {@link #WAKE_UP} when it woke for either (the caller then calls {@link
   * CancelScope#throwIfCancelled()} and, if that returns, waits again).
   */
  @Nullable AsyncFuture<?> poll(long nanos, boolean timed, @Nullable CancelScope scope)
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
    AsyncFuture<?> next = completed.poll(cap, TimeUnit.NANOSECONDS);
    return next == null ? WAKE_UP : next;
  }
}
