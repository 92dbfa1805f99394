package dev.tandem.loop;

import dev.tandem.api.RunningLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@link LoopOperations#shutdownGracefully}: refuse new work from other threads, cancel what the
 * loop owns, run the loop until what is left is done or the deadline passes, report what is
 * left, close. Python's {@code asyncio.Runner.close()}: cancel every task, then run the loop
 * until the cancelled tasks have finished.
 */
final class GracefulShutdown {
  /** The cancel message of the futures a graceful shutdown cancels. */
  static final String MESSAGE = "event loop shutting down";

  private GracefulShutdown() {}

  static boolean run(DefaultEventLoop loop, Duration deadline) {
    Objects.requireNonNull(deadline, "deadline");
    if (deadline.isNegative()) {
      throw new IllegalArgumentException("negative deadline: " + deadline);
    }
    if (loop.isClosed()) {
      return true;
    }
    Thread owner = loop.runningThread();
    if (owner == Thread.currentThread()) {
      throw new IllegalStateException(
          "cannot shut an event loop down from one of its own callbacks: stop() it, and shut it"
              + " down once the run returned");
    }
    if (owner != null) {
      throw new IllegalStateException(
          "cannot shut down a running event loop (running on thread '"
              + owner.getName()
              + "'); stop it first, or use BackgroundLoop.shutdown");
    }
    if (RunningLoop.current() != null) {
      throw new IllegalStateException(
          "another event loop is running on thread '" + Thread.currentThread().getName() + "'");
    }
    long nanos;
    try {
      nanos = Math.min(deadline.toNanos(), Long.MAX_VALUE / 4);
    } catch (ArithmeticException tooLong) {
      nanos = Long.MAX_VALUE / 4;
    }
    long end = loop.clock.nanoTime() + nanos;
    try {
      loop.beginDrain(end);
      boolean timedOut = false;
      while (!timedOut && loop.hasDrainWork()) {
        if (loop.clock.nanoTime() - end >= 0) {
          timedOut = true;
        } else {
          loop.runForever(); // returns when drained, at the deadline, or when stopped
          timedOut = loop.drainTimedOut();
        }
      }
      List<String> left = new ArrayList<>();
      if (timedOut) {
        left.addAll(loop.describeQueued()); // everything: the drain did not get to the end
      }
      if (loop.debug) {
        for (PendingFuture f : loop.pendingFutures()) {
          left.add("pending future: " + f);
        }
      }
      if (left.isEmpty()) {
        return true;
      }
      loop.report(
          new LoopErrorContext(
              LoopErrorContext.Kind.SHUTDOWN_INCOMPLETE,
              "Graceful shutdown of "
                  + loop
                  + " left work unfinished after "
                  + deadline
                  + "; closing the loop cancels it",
              null,
              null,
              null,
              null,
              null,
              deadline,
              left));
      return false;
    } finally {
      loop.close();
    }
  }
}
