package dev.tandem.loop;

import dev.tandem.api.EventLoop;

/**
 * Creates event loops: Tandem's implementation of {@link EventLoop} and {@link
 * dev.tandem.api.LoopFuture}.
 *
 * <h2>How to get an instance</h2>
 *
 * <!-- snippet:javadoc-event-loops (compiled by the samples module) -->
 * <pre>{@code
 * EventLoop loop = EventLoops.newEventLoop();         // runs on whichever thread runs it
 * LoopFuture<String> greeting = loop.createFuture();
 * loop.callLater(Duration.ofMillis(10), () -> greeting.setResult("hello"));
 * String s = loop.runUntilComplete(greeting);         // runs the loop on this thread
 * loop.close();
 *
 * try (BackgroundLoop background = EventLoops.startBackgroundLoop("tandem-loop")) {
 *   background.loop().execute(() -> System.out.println("on the loop thread"));
 * }                                                   // stops, closes and joins it
 * }</pre>
 *
 * <p>{@link #builder()} configures the clock (a {@link ManualClock} for tests), the {@linkplain
 * LoopExceptionHandler exception handler} and debug mode.
 *
 * <h2>Lifecycle of a loop</h2>
 *
 * <pre>
 *          runForever() / runUntilComplete(f)
 *   IDLE ───────────────────────────────────▶ RUNNING
 *    ▲  │                                        │
 *    │  │  stop(), or f done                     │
 *    │  └──────────────◀─────────────────────────┘
 *    └── close() ──▶ CLOSED (final)
 * </pre>
 *
 * <h2>What this implementation guarantees, beyond {@link EventLoop}</h2>
 *
 * <ul>
 *   <li><b>Threads.</b> {@code callSoon} and every mutating call of a loop future check the
 *       thread: from a foreign thread while the loop runs they throw {@link
 *       dev.tandem.api.WrongThreadException} naming both threads. While the loop is not running,
 *       one thread at a time may set things up; the thread that later runs the loop must see
 *       that work through a happens-before edge (starting it, a lock, a concurrent queue).
 *   <li><b>Order.</b> Callbacks run one at a time on the loop thread, first in first out;
 *       {@code callSoonThreadsafe} callbacks join that order when the loop takes them in, at the
 *       start of each iteration, in each submitting thread's order. Timers run once the clock
 *       reached their deadline, by deadline and then in scheduling order. A callback scheduled
 *       by a running callback runs in the next iteration, so no callback starves timers or
 *       {@code callSoonThreadsafe} work.
 *   <li><b>Waking.</b> {@code callSoonThreadsafe}, {@code stop()} from another thread, a {@link
 *       ManualClock#advance} and {@code callLater} from another thread wake a sleeping loop; a
 *       busy loop is never signalled.
 *   <li><b>Stopping.</b> {@code stop()} makes the loop return after the current iteration:
 *       callbacks already queued in it run, callbacks they schedule wait for the next run. From
 *       another thread, the callbacks that thread queued before run first. On a loop that is not
 *       running it does nothing.
 *   <li><b>Re-entrancy.</b> {@code runForever} and {@code runUntilComplete} throw {@link
 *       IllegalStateException} when the loop already runs (from one of its callbacks, or on
 *       another thread), or when another loop runs on the calling thread.
 *   <li><b>Interrupts.</b> The loop does not react to interrupting its thread; an interrupt
 *       that arrives while the loop is idle is kept and re-asserted when the run returns.
 *   <li><b>Closing.</b> {@code close()} cancels queued callbacks and timers (their handles report
 *       cancelled), drops done callbacks not yet run, and cancels with the message {@code "event
 *       loop closed"} every pending future the loop would have completed: results of {@code
 *       runInExecutor}, {@linkplain LoopFutures#adopt views} of other futures, combinator
 *       results, and futures registered with {@link LoopFutures#cancelOnClose}. Then the
 *       {@link EventLoop#onClose} actions run, in registration order, in the thread that
 *       called {@code close()}; one that throws goes to the exception handler as {@code
 *       "Exception in close action"} and the others still run. Futures of a closed loop can
 *       still be completed, but their callbacks never run. Scheduling on a
 *       closed loop throws {@link java.util.concurrent.RejectedExecutionException}.
 *   <li><b>Failures.</b> An exception thrown by a callback (any {@link Throwable}) goes to the
 *       exception handler with the callback's and the future's description, and the loop goes
 *       on. A failed future whose failure nobody read ({@code result()}, {@code exception()})
 *       and that nobody cancelled is reported when it is garbage-collected.
 * </ul>
 */
public final class EventLoops {
  private EventLoops() {}

  /**
   * A new idle loop on the system clock, with the logging exception handler, in debug mode only
   * if the system property {@code tandem.loop.debug} is {@code true}.
   */
  public static EventLoop newEventLoop() {
    return builder().build();
  }

  /** A builder for a loop with another clock, exception handler or debug setting. */
  public static EventLoopBuilder builder() {
    return new EventLoopBuilder();
  }

  /**
   * A new loop hosted on {@code host}'s thread, running there from now on, with the logging
   * exception handler; {@link EventLoopBuilder#buildHosted} configures the handler and debug
   * mode. The loop keeps the {@link EventLoop} contract, with these differences:
   *
   * <ul>
   *   <li><b>The host owns the thread.</b> {@code runForever()} and {@code runUntilComplete()}
   *       throw {@link IllegalStateException}. The loop is running from creation: {@code
   *       isRunning()} is true until it is stopped or closed, and {@code inLoopThread()} is true
   *       on the host thread meanwhile, also in the host's own code (a Netty handler, a Swing
   *       listener), which may therefore use {@code callSoon} and the loop's futures directly.
   *   <li><b>Batches.</b> {@code callSoon} and done callbacks go to the loop's own queue; one host
   *       task runs them in batches (a callback scheduled by a running callback waits for the
   *       next batch, which is a new host task, so the host's own work runs in between). {@code
   *       callSoonThreadsafe} and timers set from other threads reach the loop through that
   *       same host task.
   *   <li><b>Timers</b> are kept by the loop, by deadline on {@link System#nanoTime()}, and the
   *       host's scheduler only wakes the loop for the first one; they never run early, and as
   *       late as the host's scheduler and its queue make them (Swing's timer, for one, counts
   *       whole milliseconds). There is no fake clock: {@code buildHosted} refuses one.
   *   <li><b>The deadlock guard.</b> From the loop's first batch, which it asks for when it is
   *       created, until it stops or closes, the host thread is marked as running this loop
   *       ({@link dev.tandem.api.RunningLoop}), so a blocking wait of an executor future
   *       anywhere on the host thread fails fast with {@link
   *       dev.tandem.api.BlockingOnLoopException}.
   *   <li><b>Stopping</b> detaches the loop from its host for good: on the host thread after the
   *       current batch, from another thread once the host ran the request (after what that
   *       thread queued before). A stopped loop runs nothing; what is queued waits for {@code
   *       close()} to drop it. It cannot be started again.
   *   <li><b>Closing</b> works from any thread. On the host thread it closes at once (also from
   *       a callback: the rest of the batch is dropped). From another thread while the loop runs,
   *       it first stops the loop and waits until the host thread has finished the current batch
   *       and detached it (a blocking wait: do not close from a thread the host's current task
   *       waits for), or until the host {@linkplain LoopHost#isTerminated() ended}. Then it drops
   *       what is queued, cancels what the loop owns and runs the {@link EventLoop#onClose}
   *       actions in the calling thread, as for an own loop.
   * </ul>
   *
   * @throws NullPointerException if {@code host} is null
   * @throws java.util.concurrent.RejectedExecutionException if the host runs no more tasks
   */
  public static EventLoop hosted(LoopHost host) {
    return builder().buildHosted(host);
  }

  /**
   * Starts a new default loop running on a new thread named {@code threadName}; see {@link
   * BackgroundLoop}.
   *
   * @throws NullPointerException if {@code threadName} is null
   */
  public static BackgroundLoop startBackgroundLoop(String threadName) {
    return builder().startBackgroundLoop(threadName);
  }
}
