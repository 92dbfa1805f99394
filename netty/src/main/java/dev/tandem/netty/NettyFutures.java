package dev.tandem.netty;

import dev.tandem.api.AsyncFuture;
import dev.tandem.api.EventLoop;
import dev.tandem.api.ExecutorFuture;
import dev.tandem.api.Failures;
import dev.tandem.api.LoopFuture;
import dev.tandem.api.LoopThreads;
import dev.tandem.loop.LoopFutures;
import dev.tandem.threads.ExecutorFutures;
import dev.tandem.threads.SettableExecutorFuture;
import io.netty.util.concurrent.DefaultPromise;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import org.jspecify.annotations.Nullable;

/**
 * Conversions between Netty's {@link Future} (and so {@link Promise}, {@code ChannelFuture}) and
 * Tandem's two kinds of future. Each returns a live view, with the rules of {@code
 * tandem-interop}'s conversions:
 *
 * <ul>
 *   <li>the value, the <em>same</em> failure object ({@link Failures#unwrap unwrapped} as on
 *       every path) and the cancellation cross;
 *   <li>cancelling the view cancels the source, and the other way round; a done future is never
 *       cancelled, and nothing is copied into a view that is already done;
 *   <li>a cancel message crosses where the type can carry it: a Tandem future cancelled with a
 *       message makes the Netty view cancelled with a {@link dev.tandem.api.CancelledException}
 *       of that message as its {@code cause()}; Netty's {@code cancel(boolean)} has no message,
 *       so a Netty source cancelled by Netty gives its view the message of Netty's cancellation
 *       cause (none, for Netty's own promises);
 *   <li>outcomes cross into a loop only through {@code callSoonThreadsafe}, and closing the loop
 *       cancels a loop view that is still pending.
 * </ul>
 *
 * <p>Netty's futures run listeners on their executor's thread; an executor view's callbacks run
 * there too (the completing thread), a loop view's on its loop. Thread-safe: every method may
 * be called from any thread.
 */
public final class NettyFutures {
  private NettyFutures() {}

  /**
   * An executor-future view of Netty's {@code source}. Its blocking waits keep Tandem's deadlock
   * guard: on a thread that runs a Tandem loop (a Netty thread {@linkplain NettyLoops#host
   * hosting} one included) they fail fast with {@link dev.tandem.api.BlockingOnLoopException}.
   *
   * @throws NullPointerException if {@code source} is null
   */
  public static <T extends @Nullable Object> ExecutorFuture<T> asExecutorFuture(
      Future<T> source) {
    Objects.requireNonNull(source, "source");
    SettableExecutorFuture<T> view = ExecutorFutures.settable();
    view.addDoneCallback(
        done -> {
          if (done.isCancelled() && !source.isDone()) {
            source.cancel(false);
          }
        });
    source.addListener(done -> copy(source, view));
    return view;
  }

  /**
   * A loop-future view of Netty's {@code source} on {@code loop} (any loop; for a handler, the
   * loop {@link NettyLoops#host} gives for its channel's executor). The outcome is copied on the
   * loop thread; closing the loop cancels the view, and so the source.
   *
   * @throws NullPointerException if an argument is null
   * @throws java.util.concurrent.RejectedExecutionException if {@code loop} is closed
   */
  public static <T extends @Nullable Object> LoopFuture<T> asLoopFuture(
      Future<T> source, EventLoop loop) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(loop, "loop");
    return LoopFutures.adopt(loop, asExecutorFuture(source));
  }

  /**
   * A Netty view of Tandem's {@code source}, of either kind: a promise of {@code executor} that
   * Tandem completes when {@code source} completes. Its listeners run on {@code executor}, as for
   * any Netty promise; cancelling it ({@code cancel(boolean)}) cancels {@code source}, without a
   * message. Hand it out as a {@link Future}: completing it yourself detaches it from {@code
   * source}.
   *
   * @throws NullPointerException if an argument is null
   */
  public static <T extends @Nullable Object> Future<T> asNettyFuture(
      AsyncFuture<T> source, EventExecutor executor) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(executor, "executor");
    Promise<T> view = new DefaultPromise<>(executor);
    view.addListener(
        done -> {
          if (done.isCancelled() && !source.isDone()) {
            LoopThreads.cancelUnlessDone(source, null);
          }
        });
    LoopThreads.addDoneCallback(source, done -> copy(done, view));
    return view;
  }

  /** Copies done Netty {@code from} into {@code to} unless {@code to} is done. */
  private static <T extends @Nullable Object> void copy(
      Future<T> from, SettableExecutorFuture<T> to) {
    if (from.isCancelled()) {
      Throwable cause = from.cause();
      to.cancel(cause == null ? null : cause.getMessage());
    } else if (from.isSuccess()) {
      to.setResult(from.getNow());
    } else {
      Throwable failure = Failures.unwrap(Objects.requireNonNull(from.cause(), "cause"));
      if (failure instanceof CancellationException cancelled) {
        to.cancel(cancelled.getMessage()); // a CompletionException around a cancellation
      } else {
        to.setException(failure);
      }
    }
  }

  /** Copies done Tandem {@code from} into Netty {@code to} unless {@code to} is done. */
  private static <T extends @Nullable Object> void copy(AsyncFuture<T> from, Promise<T> to) {
    if (from.isCancelled()) {
      to.tryFailure(Failures.cancellation(from)); // Netty reads a CancellationException cause as cancelled
      return;
    }
    Throwable failure;
    try {
      failure = from.exception();
    } catch (CancellationException cancelled) {
      to.tryFailure(cancelled);
      return;
    }
    if (failure != null) {
      to.tryFailure(Failures.unwrap(failure));
    } else {
      to.trySuccess(from.result());
    }
  }
}
