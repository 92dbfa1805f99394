package dev.tandem.api;

import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The result of an asynchronous operation: what {@link ExecutorFuture} (work on threads) and
 * {@link LoopFuture} (work on an event loop) share.
 *
 * <p>A future is <em>pending</em> until it becomes <em>done</em> in exactly one of three ways:
 * with a result, with an exception, or cancelled (optionally with a message). Once done it never
 * changes again.
 *
 * <h2>How to get an instance</h2>
 *
 * Not by implementing this interface: {@code dev.tandem.threads.FutureExecutor#submit} and
 * {@code dev.tandem.threads.ExecutorFutures.from(…)} give executor futures, {@link
 * EventLoop#createFuture()} gives loop futures, and {@code tandem-interop} converts between
 * them, {@code CompletableFuture}, Guava's {@code ListenableFuture} and Kotlin's {@code
 * Deferred}.
 *
 * <h2>Nothing here blocks</h2>
 *
 * {@link #result()} and {@link #exception()} answer at once and throw {@link
 * InvalidStateException} while the future is pending. Waiting is kind-specific: blocking waits
 * with a timeout on {@link ExecutorFuture}, {@code await()} from Kotlin coroutines, and
 * combinators on the loop.
 *
 * <h2>Callbacks</h2>
 *
 * Each callback registered with {@link #addDoneCallback} runs exactly once, after the future is
 * done, with the future as its argument; callbacks of one future run in registration order. The
 * thread they run on differs by kind, and each kind's documentation says which: an {@link
 * ExecutorFuture} runs them in the completing thread (or at once in the registering thread if
 * already done); a {@link LoopFuture} always schedules them on its loop, never inline. A callback
 * that throws does not stop the ones after it; the failure is reported, never swallowed.
 * Everything written before the future was completed happens-before each callback runs.
 *
 * <h2>Failures</h2>
 *
 * A failed future's {@link #result()} rethrows the failure: a {@link RuntimeException} or {@link
 * Error} as it is, a checked exception wrapped in a {@link
 * java.util.concurrent.CompletionException} whose cause is the original object. {@link
 * #exception()} returns the original object itself.
 *
 * @param <T> the type of the result; may be a nullable type
 */
public interface AsyncFuture<T extends @Nullable Object> {

  /** Whether the future is done: it has a result or an exception, or was cancelled. */
  boolean isDone();

  /** Whether the future was cancelled. A cancelled future is also done. */
  boolean isCancelled();

  /**
   * Returns the result without waiting.
   *
   * @return the value the future was completed with
   * @throws InvalidStateException if the future is not done yet
   * @throws CancelledException if it was cancelled; its message is the cancel message
   * @throws RuntimeException the failure itself, if it failed with an unchecked exception
   * @throws Error the failure itself, if it failed with an error
   * @throws java.util.concurrent.CompletionException wrapping the failure, if it failed with a
   *     checked exception
   */
  T result();

  /**
   * Returns the failure without waiting.
   *
   * @return the exception the future failed with (the same object that was set), or null if it
   *     completed with a result
   * @throws InvalidStateException if the future is not done yet
   * @throws CancelledException if it was cancelled
   */
  @Nullable Throwable exception();

  /**
   * Cancels the future without a message; the same as {@code cancel(null)}.
   *
   * @return see {@link #cancel(String)}
   */
  boolean cancel();

  /**
   * Cancels the future, keeping {@code message} as the message of the {@link
   * CancelledException} that reads of the future throw afterwards (Python's {@code
   * cancel(msg)}). A pending future becomes cancelled and its callbacks are run or scheduled as
   * for any completion. Cancellation does not propagate to futures this one was derived from
   * unless the kind or the conversion that made it says so.
   *
   * <p>The return value differs by kind: {@link ExecutorFuture#cancel(String)} returns true
   * whenever the future is cancelled after the call (also if it already was), {@link
   * LoopFuture#cancel(String)} only for the call that cancelled it. Both return false for a
   * future that finished with a result or an exception.
   *
   * @param message the cancel message, or null for none
   * @return whether the future was cancelled, in the sense of the kind's contract
   */
  boolean cancel(@Nullable String message);

  /**
   * Registers a callback that runs once the future is done, with this future as its argument.
   * Registering the same callback twice runs it twice. The thread the callback runs on, and
   * what happens to an exception it throws, are specified by each kind.
   *
   * @param callback what to run; it must not be null
   * @throws NullPointerException if {@code callback} is null; nothing is registered
   */
  void addDoneCallback(Consumer<? super AsyncFuture<T>> callback);

  /**
   * Removes every registration of {@code callback} (compared with {@code equals}) that has not
   * run yet; removed registrations never run.
   *
   * @param callback the callback to remove; it must not be null
   * @return how many registrations were removed; 0 if none (for instance once they ran)
   * @throws NullPointerException if {@code callback} is null
   */
  int removeDoneCallback(Consumer<? super AsyncFuture<T>> callback);
}
