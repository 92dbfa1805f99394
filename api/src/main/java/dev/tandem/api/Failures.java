package dev.tandem.api;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.jspecify.annotations.Nullable;

/**
 * The rules Tandem applies to failures and cancellations that cross from one representation to
 * another, written once and called by every module: how a wrapper is stripped ({@link #unwrap}),
 * how {@code result()} rethrows a failure ({@link #rethrow}) and how a cancel message is read
 * from any future ({@link #cancellation}, {@link #cancelMessage}).
 *
 * <p>{@code CompletableFuture} wraps failures in {@link CompletionException} and blocking {@code
 * get()} calls wrap them in {@link ExecutionException}; neither wrapper says anything about the
 * failure itself. Every Tandem path that moves a failure — the executor-future adapters, a task
 * run by a {@code FutureExecutor}, {@code LoopFutures.adopt} and every interop conversion and
 * {@code await} — passes it through {@link #unwrap(Throwable)}, so the object a caller catches
 * is the one that was thrown, whichever way it travelled. A failure set directly with {@code
 * setException} is stored as given.
 *
 * <p>Pure function: thread-safe, no locks, no allocation.
 */
public final class Failures {
  private Failures() {}

  /**
   * Strips {@link CompletionException} and {@link ExecutionException} wrappers, outermost first,
   * and returns the first throwable that is neither (or the innermost wrapper if it has no
   * cause).
   *
   * @throws NullPointerException if {@code failure} is null
   */
  public static Throwable unwrap(Throwable failure) {
    if (failure == null) {
      throw new NullPointerException("failure");
    }
    Throwable t = failure;
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /**
   * The exception {@code result()} throws for {@code failure}: an {@link Error} is thrown at
   * once, a {@link RuntimeException} is returned as it is, and a checked exception is returned
   * wrapped in a {@link CompletionException} whose cause it is. Callers write {@code throw
   * Failures.rethrow(failure);}.
   *
   * @throws NullPointerException if {@code failure} is null
   */
  public static RuntimeException rethrow(Throwable failure) {
    if (failure == null) {
      throw new NullPointerException("failure");
    }
    if (failure instanceof Error error) {
      throw error;
    }
    if (failure instanceof RuntimeException unchecked) {
      return unchecked;
    }
    return new CompletionException(failure);
  }

  /**
   * The cancellation a cancelled future reports: the {@link CancellationException} its {@code
   * exception()} throws (for Tandem's futures a {@link CancelledException} carrying the cancel
   * message). Never blocks.
   *
   * @throws NullPointerException if {@code future} is null
   * @throws IllegalArgumentException if {@code future} is not cancelled
   */
  public static CancellationException cancellation(AsyncFuture<?> future) {
    if (future == null) {
      throw new NullPointerException("future");
    }
    if (!future.isCancelled()) {
      throw new IllegalArgumentException("not a cancelled future: " + future);
    }
    try {
      future.exception();
    } catch (CancellationException cancelled) {
      return cancelled;
    }
    /* isCancelled() but exception() did not throw: a foreign implementation out of contract. */
    return new CancelledException(null);
  }

  /**
   * The message a cancelled future was cancelled with ({@link AsyncFuture#cancel(String)}), or
   * null when it was cancelled without one. Never blocks.
   *
   * @throws NullPointerException if {@code future} is null
   * @throws IllegalArgumentException if {@code future} is not cancelled
   */
  public static @Nullable String cancelMessage(AsyncFuture<?> future) {
    return cancellation(future).getMessage();
  }
}
