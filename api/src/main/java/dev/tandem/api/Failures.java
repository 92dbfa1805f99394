package dev.tandem.api;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The one rule Tandem applies to failures that cross from one representation to another.
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
}
