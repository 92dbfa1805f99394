package dev.tandem.loop;

import dev.tandem.api.EventLoop;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An event loop running on a thread of its own, for applications that want a loop in the
 * background (Python's "loop in another thread" recipe). Get one from {@link
 * EventLoops#startBackgroundLoop} or {@link EventLoopBuilder#startBackgroundLoop}.
 *
 * <!-- snippet:javadoc-background-loop (compiled by the samples module) -->
 * <pre>{@code
 * try (BackgroundLoop background = EventLoops.startBackgroundLoop("tandem-loop")) {
 *   EventLoop loop = background.loop();
 *   loop.callSoonThreadsafe(() -> System.out.println("runs on " + Thread.currentThread()));
 * }
 * }</pre>
 *
 * <h2>Threads</h2>
 *
 * The loop runs {@link EventLoop#runForever()} on a daemon thread, so a forgotten loop does not
 * keep the JVM alive. Once {@code start} returns, the loop is running: other threads reach it
 * only through {@link EventLoop#callSoonThreadsafe}, {@link EventLoop#execute}, {@code
 * callLater}/{@code callAt} and {@code stop()}; loop futures belong to the loop thread.
 *
 * <h2>Shutting down</h2>
 *
 * {@link #shutdown(Duration)} stops the loop after the callbacks already submitted and shuts it
 * down gracefully on its own thread ({@link LoopOperations#shutdownGracefully}: no more work from
 * other threads, what the loop owns is cancelled, the cancellations run, what is left at the
 * deadline is reported, and the loop is closed), then waits for the thread to end. {@link
 * #close()} does the same with a 5-second deadline. Whenever the loop's run ends, for instance
 * because a callback called {@code stop()}, its thread shuts it down the same way. Callable from
 * any thread; from the loop thread itself it only asks the loop to stop and shut down, without
 * waiting for itself. Idempotent.
 */
public final class BackgroundLoop implements AutoCloseable {
  private static final Duration CLOSE_DEADLINE = Duration.ofSeconds(5);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration JOIN_ALLOWANCE = Duration.ofSeconds(1);

  private final EventLoop loop;
  private final Thread thread;

  /** The deadline of the graceful shutdown when the run ends; set before stopping. */
  private volatile Duration drainDeadline = CLOSE_DEADLINE;

  private BackgroundLoop(EventLoop loop, String threadName) {
    this.loop = loop;
    this.thread =
        new Thread(
            () -> {
              try {
                loop.runForever();
              } finally {
                LoopOperations.shutdownGracefully(loop, drainDeadline);
              }
            },
            threadName);
  }

  static BackgroundLoop start(EventLoop loop, String threadName) {
    CountDownLatch running = new CountDownLatch(1);
    loop.callSoonThreadsafe(running::countDown);
    BackgroundLoop background = new BackgroundLoop(loop, threadName);
    Thread thread = background.thread;
    thread.setDaemon(true);
    thread.start();
    boolean interrupted = false;
    while (true) {
      try {
        running.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return background;
  }

  /** The loop; it runs on {@link #thread()} until shut down. */
  public EventLoop loop() {
    return loop;
  }

  /** The thread the loop runs on. */
  public Thread thread() {
    return thread;
  }

  /**
   * Stops the loop, lets its thread shut it down gracefully with {@code timeout} as the
   * deadline ({@link LoopOperations#shutdownGracefully}), and waits at most {@code timeout} plus
   * one second for the thread to end.
   *
   * @return true if the thread ended in time (the loop is closed); false if it is still running,
   *     for instance because a callback blocks, or when called from the loop thread
   * @throws NullPointerException if {@code timeout} is null
   * @throws IllegalArgumentException if {@code timeout} is negative
   * @throws InterruptedException if the calling thread is interrupted while waiting
   */
  public boolean shutdown(Duration timeout) throws InterruptedException {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("negative timeout: " + timeout);
    }
    return shutdown(timeout, timeout.plus(JOIN_ALLOWANCE));
  }

  private boolean shutdown(Duration deadline, Duration join) throws InterruptedException {
    drainDeadline = deadline;
    loop.stop();
    if (Thread.currentThread() == thread) {
      return false;
    }
    long millis;
    try {
      millis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(join.toNanos()));
    } catch (ArithmeticException tooLong) {
      millis = Long.MAX_VALUE;
    }
    thread.join(millis);
    return !thread.isAlive();
  }

  /**
   * Shuts the loop down gracefully with a 5-second deadline and waits at most 30 seconds for
   * its thread to end.
   *
   * @throws IllegalStateException if the loop thread did not end within 30 seconds
   */
  @Override
  public void close() {
    boolean ended;
    try {
      ended = shutdown(CLOSE_DEADLINE, CLOSE_TIMEOUT);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + thread.getName(), e);
    }
    if (!ended && Thread.currentThread() != thread) {
      throw new IllegalStateException(
          "loop thread " + thread.getName() + " did not end within " + CLOSE_TIMEOUT);
    }
  }

  @Override
  public String toString() {
    return "BackgroundLoop[" + thread.getName() + ", " + loop + "]";
  }
}
