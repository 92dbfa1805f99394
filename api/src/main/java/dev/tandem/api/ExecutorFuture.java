package dev.tandem.api;

import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * A result produced on threads: Python's {@code concurrent.futures.Future} for the JVM, and a
 * {@link java.util.concurrent.Future} too, so code written against the JDK keeps working.
 *
 * <h2>Threads</h2>
 *
 * Every method may be called from any thread. Callbacks run in the thread that completes the
 * future, in registration order; a callback added to a future that is already done runs at once,
 * in the thread that adds it. A callback that throws is logged (through {@link System.Logger},
 * with the future's description) and the remaining callbacks still run. Everything the
 * completing thread did before completing happens-before each callback and each read that sees
 * the future done.
 *
 * <h2>Lifecycle</h2>
 *
 * <pre>
 *   PENDING ──start──▶ RUNNING ──▶ FINISHED (result | exception)
 *      │  └──────────────────────────▶ FINISHED (a source completed without running)
 *      └──cancel()──▶ CANCELLED
 * </pre>
 *
 * FINISHED and CANCELLED are the two final states; both are done ({@link #isDone()}), and a
 * cancelled future never becomes finished.
 *
 * {@link #isRunning()} is true once a task Tandem's executor runs has started; futures adapted
 * from foreign types ({@code CompletableFuture}, {@code ListenableFuture}) never report running,
 * because those types cannot say. A running future cannot be cancelled.
 *
 * <h2>Blocking</h2>
 *
 * {@link #result(Duration)}, {@link #exception(Duration)}, {@link #get()} and {@link
 * #get(long, java.util.concurrent.TimeUnit)} block until the future is done, the time runs out
 * or the thread is interrupted. Running out of time cancels nothing. They return as soon as the
 * future is done, not when its done callbacks have run: those run in the completing thread and
 * may still be running, or not have started, when a waiter wakes. To act after a callback, wait
 * for something the callback itself completes. On a running event loop's
 * thread a wait on a future that is not done throws {@link BlockingOnLoopException} at once
 * instead of blocking (the deadlock guard); a wait on a done future returns at once anywhere.
 * Inside a {@code dev.tandem.threads.TaskGroup} or {@code Deadline}, the waits of Tandem's own
 * executor futures also end with that scope's cancellation (a {@link CancelledException} with
 * its message) and wait no longer than its deadline.
 *
 * <h2>Cancellation</h2>
 *
 * {@link #cancel(String)} returns true if the future is cancelled after the call, also when it
 * already was (Python's semantics); false if it is running or finished. {@link
 * #cancel(boolean)} is the same as {@link #cancel()}: Tandem never interrupts a running task.
 *
 * @param <T> the type of the result; may be a nullable type
 */
public interface ExecutorFuture<T extends @Nullable Object> extends AsyncFuture<T>, Future<T> {

  /** Whether the task is running now: started, not yet finished. False for adapted futures. */
  boolean isRunning();

  /**
   * Waits at most {@code timeout} for the result.
   *
   * @param timeout how long to wait; zero checks without waiting
   * @return the result
   * @throws IllegalArgumentException if {@code timeout} is negative
   * @throws NullPointerException if {@code timeout} is null
   * @throws InterruptedException if the thread was interrupted while waiting; the future is
   *     unchanged
   * @throws TimeoutException if the future is not done in time; it is not cancelled
   * @throws CancelledException if the future was cancelled
   * @throws BlockingOnLoopException if called on a running loop's thread while the future is
   *     not done
   * @throws java.util.concurrent.CompletionException wrapping a checked failure; unchecked ones
   *     are rethrown as they are
   */
  T result(Duration timeout) throws InterruptedException, TimeoutException;

  /**
   * Waits at most {@code timeout} for the future to be done and returns its failure.
   *
   * @param timeout how long to wait; zero checks without waiting
   * @return the failure (the same object that was set), or null if it succeeded
   * @throws IllegalArgumentException if {@code timeout} is negative
   * @throws NullPointerException if {@code timeout} is null
   * @throws InterruptedException if the thread was interrupted while waiting
   * @throws TimeoutException if the future is not done in time; it is not cancelled
   * @throws CancelledException if the future was cancelled
   * @throws BlockingOnLoopException if called on a running loop's thread while the future is
   *     not done
   */
  @Nullable Throwable exception(Duration timeout) throws InterruptedException, TimeoutException;

  /**
   * {@inheritDoc}
   *
   * <p>For an executor future: true if the future is cancelled when the call returns, including
   * when it already was; false if its task is running or it finished.
   */
  @Override
  boolean cancel(@Nullable String message);

  /**
   * The same as {@link #cancel()}; {@code mayInterruptIfRunning} is ignored because a running
   * task is never cancelled or interrupted.
   */
  @Override
  boolean cancel(boolean mayInterruptIfRunning);
}
