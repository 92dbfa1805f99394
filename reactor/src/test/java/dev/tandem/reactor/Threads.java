package dev.tandem.reactor;

import dev.tandem.api.AsyncFuture;
import dev.tandem.api.EventLoop;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/** Cross-thread helpers of this module's tests: every wait is bounded, none sleeps. */
final class Threads {
  /** How long a test waits for another thread before it fails. */
  static final long WAIT_SECONDS = 5;

  private Threads() {}

  /** Runs {@code action} on {@code loop}'s thread and returns its result. */
  static <R extends @Nullable Object> R onLoop(EventLoop loop, Callable<R> action) {
    CompletableFuture<R> result = new CompletableFuture<>();
    loop.callSoonThreadsafe(
        () -> {
          try {
            result.complete(action.call());
          } catch (Throwable t) {
            result.completeExceptionally(t);
          }
        });
    return within(result);
  }

  /** Runs {@code action} on {@code loop}'s thread and waits for it. */
  static void onLoop(EventLoop loop, Runnable action) {
    onLoop(
        loop,
        () -> {
          action.run();
          return null;
        });
  }

  /** Runs {@code action} on a new thread called {@code name} and waits for it to finish. */
  static void onNewThread(String name, Runnable action) {
    CompletableFuture<@Nullable Void> done = new CompletableFuture<>();
    new Thread(
            () -> {
              try {
                action.run();
                done.complete(null);
              } catch (Throwable t) {
                done.completeExceptionally(t);
              }
            },
            name)
        .start();
    within(done);
  }

  /** Waits at most {@link #WAIT_SECONDS} for {@code future} and returns its value. */
  static <R extends @Nullable Object> R within(CompletableFuture<R> future) {
    try {
      return future.get(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("no outcome within " + WAIT_SECONDS + " s", e);
    }
  }

  /** The outcome of a done future, read the way a user would. */
  static Outcome outcomeOf(AsyncFuture<?> future) {
    if (future.isCancelled()) {
      try {
        future.exception();
        throw new AssertionError("a cancelled future's exception() must throw");
      } catch (CancellationException e) {
        return new Outcome.Cancelled(e.getMessage());
      }
    }
    Throwable failure = future.exception();
    return failure != null ? new Outcome.Failure(failure) : new Outcome.Value(future.result());
  }

  /** What a future or a Mono ended with; an empty Mono is a {@code Value(null)}. */
  sealed interface Outcome {
    record Value(@Nullable Object value) implements Outcome {}

    record Failure(Throwable failure) implements Outcome {}

    record Cancelled(@Nullable String message) implements Outcome {}

    /** A cancellation, when the exception is one; otherwise the failure. */
    static Outcome ofError(Throwable error) {
      return error instanceof CancellationException c
          ? new Cancelled(c.getMessage())
          : new Failure(error);
    }
  }
}
