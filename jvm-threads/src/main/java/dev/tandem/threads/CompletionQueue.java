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
import org.jspecify.annotations.Nullable;

/**
 * The one waiter of a group wait: it observes every pending future and queues each as it
 * completes, so the waiting thread handles each completion once and never rescans the group.
 *
 * <p>A {@link LoopFuture} is confined to its loop's thread and can be stranded: its loop may close
 * while it is pending, and a closed loop runs no callback. The waiter observes futures through
 * {@link LoopThreads#observe}, which sees that case too, and queues a stranded future as a {@link
 * Completion} with {@code stranded} set: the wait stops waiting for it, and it stays not done.
 *
 * <p>Registration and removal happen on the waiting thread only; completions arrive from any
 * thread.
 */
final class CompletionQueue {

  /** A future that completed, or ({@code stranded}) one that can no longer complete. */
  record Completion(AsyncFuture<?> future, boolean stranded) {}

  private final LinkedBlockingQueue<Completion> completed = new LinkedBlockingQueue<>();
  private final Map<AsyncFuture<?>, Handle> observations = new IdentityHashMap<>();

  void register(AsyncFuture<?> future) {
    observations.put(
        future,
        LoopThreads.observe(
            future,
            done -> completed.add(new Completion(done, false)),
            () -> completed.add(new Completion(future, true))));
  }

  void unregister(AsyncFuture<?> future) {
    Handle observation = observations.remove(future);
    if (observation != null) {
      observation.cancel();
    }
  }

  @Nullable Completion poll() {
    return forget(completed.poll());
  }

  @Nullable Completion poll(long nanos, boolean timed) throws InterruptedException {
    return forget(timed ? completed.poll(nanos, TimeUnit.NANOSECONDS) : completed.take());
  }

  /** A delivered observation has ended: the waiter keeps no reference to its future. */
  private @Nullable Completion forget(@Nullable Completion completion) {
    if (completion != null) {
      observations.remove(completion.future());
    }
    return completion;
  }

  void drainTo(Collection<Completion> sink) {
    completed.drainTo(sink);
  }
}
