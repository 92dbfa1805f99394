package dev.tandem.threads;

import dev.tandem.api.AsyncFuture;
import dev.tandem.api.EventLoop;
import dev.tandem.api.Handle;
import dev.tandem.api.LoopFuture;
import dev.tandem.api.LoopThreads;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A {@link TaskGroup} child that is not an executor future, as the executor future the group
 * hands out: a view of a future of another kind ({@link #of}), or of the future a starter
 * returns on a loop ({@link #startOnLoop}). The view copies its source's outcome; cancelling it
 * cancels the source with the same message (a starter that has not run yet then never runs).
 *
 * <p>{@code onSettled} is told, once, which future decides the child's outcome once that future
 * is done: the source (not the view, whose cancellation is immediate while the source may still
 * be finishing), or the view itself when no source came to exist (the starter never ran, threw,
 * or its loop closed first).
 */
final class ChildView<T extends @Nullable Object> extends DependentFuture<T> {

  private final Consumer<AsyncFuture<?>> onSettled;
  private final AtomicBoolean settled = new AtomicBoolean();
  private volatile @Nullable AsyncFuture<T> source;

  private ChildView(Consumer<AsyncFuture<?>> onSettled) {
    this.onSettled = onSettled;
  }

  /** A view of {@code source}, any kind; a loop future is watched on its loop's thread. */
  static <T extends @Nullable Object> ChildView<T> of(
      AsyncFuture<T> source, Consumer<AsyncFuture<?>> onSettled) {
    ChildView<T> view = new ChildView<>(onSettled);
    view.attach(source);
    return view;
  }

  /**
   * Runs {@code starter} later on {@code loop}'s thread with {@code scope} current, and views
   * the future it returns. If the loop closes before the starter ran, the view is cancelled.
   *
   * @throws java.util.concurrent.RejectedExecutionException if the loop is closed
   */
  static <T extends @Nullable Object> ChildView<T> startOnLoop(
      EventLoop loop,
      Callable<? extends AsyncFuture<T>> starter,
      CancelScope scope,
      Consumer<AsyncFuture<?>> onSettled) {
    ChildView<T> view = new ChildView<>(onSettled);
    Handle[] closeWatch = new Handle[1];
    Runnable start =
        () -> {
          Handle watch = closeWatch[0];
          if (watch != null) {
            watch.cancel();
          }
          view.runStarter(starter, scope);
        };
    Handle scheduled = loop.callSoonThreadsafe(start);
    closeWatch[0] =
        loop.onClose(
            () -> {
              if (scheduled.cancel() || view.source == null) {
                view.tryCancelFromInput(LoopThreads.loopClosed(loop).getMessage());
                view.settle(view);
              }
            });
    return view;
  }

  private void runStarter(Callable<? extends AsyncFuture<T>> starter, CancelScope scope) {
    if (!isPending()) {
      settle(this); // cancelled before it started: the starter never runs
      return;
    }
    CancelScope previous = CancelScope.CURRENT.get();
    CancelScope.setCurrent(scope);
    AsyncFuture<T> started;
    try {
      started = Objects.requireNonNull(starter.call(), "the starter returned null, not a future");
    } catch (Throwable thrown) {
      if (thrown instanceof CancellationException cancelled) {
        tryCancelFromInput(cancelled.getMessage());
      } else {
        tryFail(thrown);
      }
      settle(this);
      return;
    } finally {
      CancelScope.setCurrent(previous);
    }
    attach(started);
  }

  private void attach(AsyncFuture<T> from) {
    source = from;
    Consumer<AsyncFuture<T>> onDone =
        done -> {
          completeFrom(done);
          settle(done);
        };
    if (from instanceof LoopFuture<T> loopFuture) {
      LoopThreads.observe(
          from,
          onDone,
          () -> {
            tryCancelFromInput(LoopThreads.loopClosed(loopFuture.loop()).getMessage());
            settle(this); // its loop closed while it was pending: it can never complete
          });
    } else {
      from.addDoneCallback(onDone);
    }
    if (isCancelled()) {
      CancelPropagation.cancelUnlessDone(from, cancelMessage()); // cancelled while attaching
    }
  }

  @Override
  void afterCancelled(@Nullable String message) {
    AsyncFuture<T> s = source;
    if (s != null) {
      CancelPropagation.cancelUnlessDone(s, message);
    }
  }

  private void settle(AsyncFuture<?> decisive) {
    if (settled.compareAndSet(false, true)) {
      onSettled.accept(decisive);
    }
  }
}
