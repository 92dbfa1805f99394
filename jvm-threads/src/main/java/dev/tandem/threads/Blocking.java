package dev.tandem.threads;

import dev.tandem.api.BlockingOnLoopException;
import dev.tandem.api.EventLoop;
import dev.tandem.api.RunningLoop;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Shared rules of every blocking wait in this package: timeouts, unwrapping, the deadlock guard. */
final class Blocking {
  private Blocking() {}

  /**
   * Converts a wait timeout to nanoseconds, saturating at {@link Long#MAX_VALUE}.
   *
   * @throws NullPointerException if {@code timeout} is null
   * @throws IllegalArgumentException if {@code timeout} is negative
   */
  static long toNanos(Duration timeout) {
    if (timeout == null) {
      throw new NullPointerException("timeout");
    }
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must not be negative, got " + timeout);
    }
    try {
      return timeout.toNanos();
    } catch (ArithmeticException tooLong) {
      return Long.MAX_VALUE;
    }
  }

  /** The {@code get(long, TimeUnit)} flavour of {@link #toNanos(Duration)}. */
  static long toNanos(long timeout, TimeUnit unit) {
    if (unit == null) {
      throw new NullPointerException("unit");
    }
    if (timeout < 0) {
      throw new IllegalArgumentException(
          "timeout must not be negative, got " + timeout + " " + unit);
    }
    return unit.toNanos(timeout);
  }

  /**
   * The deadlock guard: throws if the calling thread runs an event loop, because blocking it
   * would stop the loop that may be the one to complete what is awaited.
   *
   * @param what what the caller was about to wait for, for the message
   * @throws BlockingOnLoopException if the calling thread is running an event loop
   */
  static void checkNotOnLoop(Object what) {
    EventLoop loop = RunningLoop.current();
    if (loop != null && loop.inLoopThread()) {
      throw new BlockingOnLoopException(
          "Refusing to block thread '"
              + Thread.currentThread().getName()
              + "', which is running event loop "
              + loop
              + ", to wait for "
              + what
              + ": blocking the loop thread stops every callback on that loop and can deadlock."
              + " Instead await() it from a coroutine, combine it with a loop combinator such as"
              + " gather or waitFor, or register addDoneCallback.");
    }
  }

  /**
   * The cancellation a {@code CompletableFuture} stored: since JDK 23 its {@code join()} and
   * {@code get()} throw a new {@link CancellationException} ("join", "get")
   * caused by the stored one, which carries the message.
   */
  static CancellationException innermostCancellation(
      CancellationException thrown) {
    CancellationException c = thrown;
    while (c.getCause() instanceof CancellationException) {
      c = (CancellationException) c.getCause();
    }
    return c;
  }

  static TimeoutException timeout(long nanos, Object what) {
    return new TimeoutException(
        "Waited " + describe(nanos) + " for " + what + "; it is not done and was not cancelled");
  }

  static String describe(long nanos) {
    if (nanos % 1_000_000 == 0) {
      return (nanos / 1_000_000) + " ms";
    }
    return nanos + " ns";
  }
}
