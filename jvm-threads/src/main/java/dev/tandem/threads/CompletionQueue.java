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
  private final LinkedBlockingQueue<AsyncFuture<?>> completed = new LinkedBlockingQueue<>();

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
  }
}
