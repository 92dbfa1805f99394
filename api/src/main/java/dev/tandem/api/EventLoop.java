package dev.tandem.api;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * A single-threaded event loop: Python's asyncio loop for the JVM. It runs callbacks one at a
 * time on the thread that runs it, and owns the {@link LoopFuture}s created on it.
 *
 * <h2>How to get an instance</h2>
 *
 * {@code dev.tandem.loop.EventLoops.newEventLoop()}, which also offers loops with a fake clock
 * for tests and loops on a background thread of their own.
 *
 * <h2>Lifecycle</h2>
 *
 * <pre>
 *          runForever() / runUntilComplete(f)
 *   IDLE ───────────────────────────────────▶ RUNNING
 *    ▲  │                                        │
 *    │  │  stop(), or f done                     │
 *    │  └──────────────◀─────────────────────────┘
 *    │
 *    └── close() ──▶ CLOSED (final)
 * </pre>
 *
 * The loop runs on the thread that calls {@link #runForever()} or {@link #runUntilComplete}; it
 * may be run again after it stopped, by any one thread at a time. {@link #close()} is final:
 * callbacks and timers still queued never run, and futures the loop would have completed (views
 * of foreign futures, results of {@link #runInExecutor}, coroutine tasks) are cancelled with a
 * message saying the loop closed, so nothing waits forever.
 *
 * <h2>Threads and order</h2>
 *
 * Callbacks run on the loop thread, one at a time, in the order they were scheduled ({@link
 * #callSoon} and {@link #callSoonThreadsafe} share one FIFO order per submitting thread); timers
 * run when their deadline has passed, earliest first, ties in scheduling order. Everything a
 * thread did before {@link #callSoonThreadsafe} happens-before the callback runs. {@link
 * #callSoon} is for the loop thread (or set-up while the loop is not running); {@link
 * #callSoonThreadsafe} and {@link #execute} are for any thread and wake a sleeping loop.
 *
 * <h2>Failures in callbacks</h2>
 *
 * An exception thrown by a callback does not stop the loop: it is handed to the loop's exception
 * handler (by default logged through {@link System.Logger}), and the next callback runs.
 *
 * <h2>Blocking</h2>
 *
 * Nothing on the loop thread should block. Blocking waits of {@link ExecutorFuture} on a running
 * loop's thread fail fast with {@link BlockingOnLoopException}; run blocking work with {@link
 * #runInExecutor} instead.
 */
public interface EventLoop extends Executor, AutoCloseable {

  /**
   * Schedules {@code callback} to run on the loop, after the callbacks already scheduled.
   *
   * @return a handle that can cancel it
   * @throws NullPointerException if {@code callback} is null
   * @throws WrongThreadException if called from a foreign thread while the loop runs
   * @throws java.util.concurrent.RejectedExecutionException if the loop is closed
   */
  Handle callSoon(Runnable callback);

  /**
   * Schedules {@code callback} from any thread and wakes the loop if it sleeps.
   *
   * @return a handle that can cancel it, from any thread
   * @throws NullPointerException if {@code callback} is null
   * @throws java.util.concurrent.RejectedExecutionException if the loop is closed
   */
  Handle callSoonThreadsafe(Runnable callback);

  /**
   * Schedules {@code callback} to run once {@code delay} has passed on the loop's clock.
   * Callable from any thread.
   *
   * @param delay how long from now; zero or more
   * @return a handle that can cancel the timer
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code delay} is negative
   * @throws java.util.concurrent.RejectedExecutionException if the loop is closed
   */
  Handle callLater(Duration delay, Runnable callback);

  /**
   * Schedules {@code callback} to run once the loop's clock ({@link #time()}) reaches {@code
   * deadlineNanos}; a deadline in the past runs it at the next timer check. Callable from any
   * thread.
   *
   * @return a handle that can cancel the timer
   * @throws NullPointerException if {@code callback} is null
   * @throws java.util.concurrent.RejectedExecutionException if the loop is closed
   */
  Handle callAt(long deadlineNanos, Runnable callback);

  /**
   * The loop's clock in nanoseconds: monotonic, with an arbitrary origin (like {@link
   * System#nanoTime()}, which it is unless the loop was built with another clock).
   */
  long time();

  /**
   * Creates a pending future that belongs to this loop.
   *
   * @param <T> the result type; may be a nullable type
   */
  <T extends @Nullable Object> LoopFuture<T> createFuture();

  /**
   * Runs blocking {@code task} on {@code executor} and returns a loop future of its outcome,
   * completed on this loop (Python's {@code run_in_executor}). Cancelling the returned future
   * does not interrupt the task; its outcome is then dropped.
   *
   * @throws NullPointerException if an argument is null
   * @throws java.util.concurrent.RejectedExecutionException if the loop is closed or the
   *     executor rejects the task
   */
  <T extends @Nullable Object> LoopFuture<T> runInExecutor(
      Executor executor, Callable<? extends T> task);

  /**
   * Runs the loop on the calling thread until {@code future} is done, and returns its result.
   * The future may be of any kind; one that completes on another thread is noticed through
   * {@link #callSoonThreadsafe}.
   *
   * @return the future's result
   * @throws IllegalStateException if this loop is already running (re-entrant call) or if the
   *     loop was stopped before the future was done
   * @throws java.util.concurrent.RejectedExecutionException if the loop is closed
   * @throws CancelledException if the future was cancelled
   * @throws RuntimeException the future's failure, as {@link AsyncFuture#result()} throws it
   */
  <T extends @Nullable Object> T runUntilComplete(AsyncFuture<T> future);

  /**
   * Runs the loop on the calling thread until {@link #stop()} is called.
   *
   * @throws IllegalStateException if this loop is already running
   * @throws java.util.concurrent.RejectedExecutionException if the loop is closed
   */
  void runForever();

  /**
   * Asks a running loop to return from {@link #runForever()} once the callbacks already queued
   * have run. Callable from any thread; harmless on a loop that is not running.
   */
  void stop();

  /** Whether the loop is running on some thread now. */
  boolean isRunning();

  /** Whether {@link #close()} was called. */
  boolean isClosed();

  /** Whether the calling thread is the thread running this loop now. */
  boolean inLoopThread();

  /**
   * Runs {@code action} once when the loop closes, in the thread that calls {@link #close()},
   * after the loop stopped accepting work ({@link #isClosed()} is then true) and before {@code
   * close()} returns; at once in the calling thread if the loop is already closed. This is the
   * loop's close notification: code that keeps state about a loop (views, conversions, hosts)
   * registers here instead of relying on a side effect of another operation.
   *
   * <p>Cancelling the returned handle deregisters the action; {@link Handle#cancel()} returns
   * true if this call stopped it from running. An action that throws is reported like a
   * throwing callback, and the other actions still run. Callable from any thread.
   *
   * @return a handle that deregisters the action, from any thread
   * @throws NullPointerException if {@code action} is null
   */
  Handle onClose(Runnable action);

  /**
   * Closes the loop for good: queued callbacks and timers are dropped unrun, futures it would
   * have completed are cancelled with a message saying the loop closed, and the {@linkplain
   * #onClose close actions} run. Calling it again does nothing.
   *
   * @throws IllegalStateException if the loop is running; stop it first
   */
  @Override
  void close();

  /**
   * The same as {@link #callSoonThreadsafe}, so the loop can serve as a {@link Executor}.
   *
   * @throws java.util.concurrent.RejectedExecutionException if the loop is closed
   */
  @Override
  void execute(Runnable command);
}
