package dev.tandem.threads;

import dev.tandem.api.AsyncFuture;
import dev.tandem.api.LoopThreads;
import java.util.ArrayDeque;
import org.jspecify.annotations.Nullable;

/**
 * How a combinator's output cancels its inputs: each one {@link LoopThreads#cancelUnlessDone
 * unless done}, a loop future on its loop's thread. Stack-safe: cancelling the end of a chain of
 * a million combinators cancels its way up the chain in a loop on the calling thread, not in a
 * million nested calls (a cancel reached while another is being handed on is queued and run by
 * the outermost one, as {@link ExecutorFutureBase#fireCallbacks} does for callbacks).
 */
final class CancelPropagation {
  private CancelPropagation() {}

  private static final ThreadLocal<Queue> QUEUE = ThreadLocal.withInitial(Queue::new);

  private record Cancel(AsyncFuture<?> future, @Nullable String message) {}

  private static final class Queue {
    boolean draining;
    final ArrayDeque<Cancel> pending = new ArrayDeque<>();
  }

  /** Cancels {@code future} with {@code message} unless it is done. */
  static void cancelUnlessDone(AsyncFuture<?> future, @Nullable String message) {
    Queue queue = QUEUE.get();
    if (queue.draining) {
      queue.pending.add(new Cancel(future, message));
      return;
    }
    queue.draining = true;
    try {
      cancelLogged(future, message);
      Cancel next;
      while ((next = queue.pending.poll()) != null) {
        cancelLogged(next.future(), next.message());
      }
    } finally {
      queue.draining = false;
      queue.pending.clear();
    }
  }

  /* A cancel that throws (a foreign future out of contract) must not stop the ones queued. */
  private static void cancelLogged(AsyncFuture<?> future, @Nullable String message) {
    try {
      LoopThreads.cancelUnlessDone(future, message);
    } catch (RuntimeException failure) {
      ExecutorFutureBase.LOGGER.log(
          System.Logger.Level.WARNING, () -> "Cancelling " + future + " threw", failure);
    }
  }

  /** Cancels every future of {@code futures} that is not done with {@code message}. */
  static void cancelAllUnlessDone(AsyncFuture<?>[] futures, @Nullable String message) {
    for (AsyncFuture<?> future : futures) {
      cancelUnlessDone(future, message);
    }
  }
}
