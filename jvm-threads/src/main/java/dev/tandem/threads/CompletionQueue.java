package dev.tandem.threads;

import dev.tandem.api.AsyncFuture;
import dev.tandem.api.EventLoop;
import dev.tandem.api.LoopFuture;
import java.util.Collection;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The one waiter of a group wait: registered as a done callback on every pending future, it
 * queues each future as it completes, so the waiting thread handles each completion once and
 * never rescans the group.
 *
 * <p>A {@link LoopFuture} is confined to its loop's thread, so registration and removal on it go
 * through {@link EventLoop#callSoonThreadsafe}; a loop future whose loop is closed can no longer
 * complete and is simply never queued.
 */
final class CompletionQueue implements Consumer<AsyncFuture<?>> {
  private final LinkedBlockingQueue<AsyncFuture<?>> completed = new LinkedBlockingQueue<>();

  @Override
  public void accept(AsyncFuture<?> future) {
    completed.add(future);
  }

  void register(AsyncFuture<?> future) {
    if (future instanceof LoopFuture) {
      LoopFuture<?> loopFuture = (LoopFuture<?>) future;
      EventLoop loop = loopFuture.loop();
      if (loop.inLoopThread()) {
        loopFuture.addDoneCallback(this);
        return;
      }
      try {
        loop.callSoonThreadsafe(() -> loopFuture.addDoneCallback(this));
      } catch (RejectedExecutionException closed) {
        // A closed loop completes nothing: the future stays not done.
      }
    } else {
      future.addDoneCallback(this);
    }
  }

  void unregister(AsyncFuture<?> future) {
    if (future instanceof LoopFuture) {
      LoopFuture<?> loopFuture = (LoopFuture<?>) future;
      EventLoop loop = loopFuture.loop();
      if (loop.inLoopThread()) {
        loopFuture.removeDoneCallback(this);
        return;
      }
      try {
        loop.callSoonThreadsafe(() -> loopFuture.removeDoneCallback(this));
      } catch (RejectedExecutionException closed) {
        // Nothing runs on a closed loop any more, our callback included.
      }
    } else {
      future.removeDoneCallback(this);
    }
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
