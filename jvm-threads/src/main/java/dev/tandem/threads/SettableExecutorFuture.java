package dev.tandem.threads;

import dev.tandem.api.ExecutorFuture;
import org.jspecify.annotations.Nullable;

/**
 * An {@link ExecutorFuture} that its producer completes itself (Python's {@code
 * concurrent.futures.Future()} with {@code set_result} / {@code set_exception}, Guava's {@code
 * SettableFuture}, Netty's {@code Promise}). One object, no wrapped {@code CompletableFuture}.
 *
 * <h2>How to get an instance</h2>
 *
 * {@link ExecutorFutures#settable()}. Hand out the future as an {@link ExecutorFuture} and keep
 * the settable type to yourself.
 *
 * <h2>Threads</h2>
 *
 * Every method may be called from any thread. Of racing {@code setResult}, {@code setException}
 * and {@code cancel} calls exactly one wins; the others return false (or throw, for the {@code
 * …OrThrow} variants). The done callbacks run in the thread whose call completed the future,
 * before that call returns, in registration order; everything that thread did before the call
 * happens-before each callback and every read that sees the future done.
 *
 * <p><b>Beware of completing a future while holding a lock</b> (Guava's warning): the callbacks
 * run inside the completing call, so a callback that takes another lock can deadlock, and a slow
 * callback holds the lock for as long as it runs.
 *
 * <h2>States</h2>
 *
 * <pre>
 *   PENDING ──setRunningOrNotifyCancel()──▶ RUNNING ──setResult / setException──▶ SUCCESS | FAILURE
 *      │ └──────────────setResult / setException─────────────────────────────────▶ SUCCESS | FAILURE
 *      └── cancel() ──▶ CANCELLED
 * </pre>
 *
 * A RUNNING future can no longer be cancelled ({@code cancel} returns false), as for a task a
 * {@link FutureExecutor} started.
 *
 * @param <T> the type of the value
 */
public interface SettableExecutorFuture<T extends @Nullable Object> extends ExecutorFuture<T> {

  /**
   * Completes the future with {@code value} if it is pending or running.
   *
   * @return true if this call completed it; false if it was already done
   */
  boolean setResult(T value);

  /**
   * Fails the future with {@code failure} ({@link dev.tandem.api.Failures#unwrap unwrapped}) if
   * it is pending or running; {@code exception()} then returns that object.
   *
   * @return true if this call completed it; false if it was already done
   * @throws NullPointerException if {@code failure} is null
   * @throws IllegalArgumentException if {@code failure} is a {@link
   *     java.util.concurrent.CancellationException}: cancel the future instead
   */
  boolean setException(Throwable failure);

  /**
   * Like {@link #setResult}, but a future that is already done is an error, as for a {@link
   * dev.tandem.api.LoopFuture}.
   *
   * @throws dev.tandem.api.InvalidStateException if it is already done; it is left unchanged
   */
  void setResultOrThrow(T value);

  /**
   * Like {@link #setException}, but a future that is already done is an error, as for a {@link
   * dev.tandem.api.LoopFuture}.
   *
   * @throws dev.tandem.api.InvalidStateException if it is already done; it is left unchanged
   * @throws NullPointerException if {@code failure} is null
   * @throws IllegalArgumentException if {@code failure} is a {@link
   *     java.util.concurrent.CancellationException}
   */
  void setExceptionOrThrow(Throwable failure);

  /**
   * Python's {@code set_running_or_notify_cancel}, for code that runs the work itself: moves a
   * pending future to RUNNING and returns true (the work should now run, and it can no longer be
   * cancelled), or returns false if it was cancelled (the work should not run; the done
   * callbacks have already run).
   *
   * @throws dev.tandem.api.InvalidStateException if it is already running or finished
   */
  boolean setRunningOrNotifyCancel();
}
