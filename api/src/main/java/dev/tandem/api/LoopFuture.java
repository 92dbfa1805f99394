package dev.tandem.api;

import org.jspecify.annotations.Nullable;

/**
 * A result confined to one {@link EventLoop}: Python's {@code asyncio.Future} for the JVM.
 *
 * <h2>How to get an instance</h2>
 *
 * {@link EventLoop#createFuture()}, the loop-side combinators of {@code tandem-loop}, or a
 * conversion from {@code tandem-interop}. Whoever creates it completes it with {@link
 * #setResult} or {@link #setException}.
 *
 * <h2>Lifecycle</h2>
 *
 * <pre>
 *              setResult(v)
 *            ┌──────────────▶ FINISHED (result v)
 *            │  setException(e)
 *   PENDING ─┼──────────────▶ FINISHED (exception e)
 *            │  cancel(msg)
 *            └──────────────▶ CANCELLED (message msg)
 * </pre>
 *
 * There is no running state. A done future never changes: completing it again throws {@link
 * InvalidStateException}; cancelling it again returns false.
 *
 * <h2>Threads</h2>
 *
 * A loop future belongs to its loop's thread. While the loop runs, a mutating call ({@link
 * #setResult}, {@link #setException}, {@link #cancel}, {@link #addDoneCallback}, {@link
 * #removeDoneCallback}) from another thread throws {@link WrongThreadException} naming both
 * threads, and changes nothing; hand the work to the loop with {@link
 * EventLoop#callSoonThreadsafe} instead. While the loop is not running, one thread at a time may
 * set things up (create futures, register callbacks) before running it. Reads ({@link
 * #isDone()}, {@link #result()}, …) never block and are meant for the loop thread too.
 *
 * <h2>Callbacks</h2>
 *
 * Done callbacks are always scheduled on the loop with {@link EventLoop#callSoon} when the
 * future completes, in registration order, and never run inline inside {@code setResult},
 * {@code setException} or {@code cancel}; a callback added to a future that is already done is
 * scheduled the same way, never run by {@code addDoneCallback} itself. Because each callback is
 * a separate loop step, long chains of futures completing each other never grow the stack. An
 * exception thrown by a callback is handed to the loop's exception handler, and the remaining
 * callbacks still run. Everything done on the loop before completion happens-before the
 * callbacks (they run on the same thread, later).
 *
 * <h2>Unretrieved failures</h2>
 *
 * If a future fails and nobody calls {@link #result()}, {@link #exception()} or {@link
 * #cancel()} on it before it is garbage-collected, the failure is reported to the loop's
 * exception handler (Python's "exception was never retrieved").
 *
 * <h2>Cancellation</h2>
 *
 * {@link #cancel(String)} returns true only for the call that moved the future from pending to
 * cancelled. Cancelling a future does not reach into whatever would have completed it, unless
 * the combinator or conversion that created it says so.
 *
 * @param <T> the type of the result; may be a nullable type
 */
public interface LoopFuture<T extends @Nullable Object> extends AsyncFuture<T> {

  /** The loop this future belongs to; its callbacks run there. */
  EventLoop loop();

  /**
   * Completes the future with {@code value} and schedules its callbacks on the loop.
   *
   * @param value the result; may be null only if {@code T} is a nullable type
   * @throws InvalidStateException if the future is already done (including cancelled)
   * @throws WrongThreadException if called from a thread other than the running loop's
   */
  void setResult(T value);

  /**
   * Fails the future with {@code failure} and schedules its callbacks on the loop. {@link
   * #exception()} later returns this same object.
   *
   * @param failure the failure; not null
   * @throws NullPointerException if {@code failure} is null; the future stays pending
   * @throws IllegalArgumentException if {@code failure} is a {@link
   *     java.util.concurrent.CancellationException}: cancel the future instead
   * @throws InvalidStateException if the future is already done (including cancelled)
   * @throws WrongThreadException if called from a thread other than the running loop's
   */
  void setException(Throwable failure);

  /**
   * {@inheritDoc}
   *
   * <p>For a loop future: true only if this call moved it from pending to cancelled.
   *
   * @throws WrongThreadException if called from a thread other than the running loop's
   */
  @Override
  boolean cancel(@Nullable String message);
}
