package dev.tandem.loop;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * A {@link LoopClock} that moves only when told to: the fake clock for timer tests.
 *
 * <h2>How to use it</h2>
 *
 * <!-- snippet:javadoc-manual-clock (compiled by the samples module) -->
 * <pre>{@code
 * ManualClock clock = ManualClock.create();
 * EventLoop loop = EventLoops.builder().clock(clock).build();
 * LoopFuture<String> done = loop.createFuture();
 * loop.callLater(Duration.ofSeconds(30), () -> done.setResult("timer fired"));
 * loop.callSoon(() -> clock.advance(Duration.ofSeconds(30)));
 * loop.runUntilComplete(done); // returns at once: nothing sleeps for 30 seconds
 * }</pre>
 *
 * <h2>What a loop does with it</h2>
 *
 * A loop on a manual clock runs a timer as soon as the clock has reached its deadline. When the
 * loop has nothing ready and only timers remain, it does not sleep for real and does not move
 * the clock itself: it waits until {@link #advance} is called (from any thread), a callback
 * arrives through {@code callSoonThreadsafe}, or the loop is stopped. A test that advances
 * nothing therefore waits; give such tests a JUnit timeout.
 *
 * <p>Thread safety: every method may be called from any thread. {@link #advance} wakes every
 * open loop built with this clock; what a thread did before advancing happens-before the timers
 * that the advance made due run. A closed loop stops listening to the clock.
 */
public final class ManualClock implements LoopClock {
  private static final VarHandle NANOS;

  static {
    try {
      NANOS = MethodHandles.lookup().findVarHandle(ManualClock.class, "nanos", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @SuppressWarnings("unused") // accessed through NANOS
  private volatile long nanos;

  private final CopyOnWriteArraySet<DefaultEventLoop> loops = new CopyOnWriteArraySet<>();

  private ManualClock(long start) {
    this.nanos = start;
  }

  /** A clock that reads zero until advanced. */
  public static ManualClock create() {
    return new ManualClock(0);
  }

  /** A clock that reads {@code startNanos} until advanced. */
  public static ManualClock startingAt(long startNanos) {
    return new ManualClock(startNanos);
  }

  @Override
  public long nanoTime() {
    return (long) NANOS.getVolatile(this);
  }

  /**
   * Moves the clock forward by {@code amount} and wakes the loops that use it; due timers then
   * run on their loops, in deadline order. Callable from any thread, including a loop callback.
   *
   * @throws NullPointerException if {@code amount} is null
   * @throws IllegalArgumentException if {@code amount} is negative
   */
  public void advance(Duration amount) {
    Objects.requireNonNull(amount, "amount");
    advanceNanos(amount.toNanos());
  }

  /**
   * Moves the clock forward by {@code amountNanos}; see {@link #advance(Duration)}.
   *
   * @throws IllegalArgumentException if {@code amountNanos} is negative
   */
  public void advanceNanos(long amountNanos) {
    if (amountNanos < 0) {
      throw new IllegalArgumentException("a clock cannot go back: " + amountNanos + " ns");
    }
    NANOS.getAndAdd(this, amountNanos);
    for (DefaultEventLoop loop : loops) {
      loop.wakeUp();
    }
  }

  void attach(DefaultEventLoop loop) {
    loops.add(loop);
  }

  void detach(DefaultEventLoop loop) {
    loops.remove(loop);
  }

  @Override
  public String toString() {
    return "ManualClock[nanos=" + nanoTime() + "]";
  }
}
