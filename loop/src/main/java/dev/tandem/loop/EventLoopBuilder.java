package dev.tandem.loop;

import dev.tandem.api.ContextPropagator;
import dev.tandem.api.EventLoop;
import java.time.Duration;
import java.util.Objects;

/**
 * Configures a new event loop; get one from {@link EventLoops#builder()}.
 *
 * <!-- snippet:javadoc-event-loop-builder (compiled by the samples module) -->
 * <pre>{@code
 * ManualClock clock = ManualClock.create();
 * List<LoopErrorContext> reports = new ArrayList<>();
 * EventLoop loop =
 *     EventLoops.builder()
 *         .clock(clock)
 *         .exceptionHandler((l, context) -> reports.add(context))
 *         .debug(true)
 *         .build();
 * }</pre>
 *
 * <p>Not thread-safe: configure and build on one thread. A builder may build several loops.
 */
public final class EventLoopBuilder {
  private LoopClock clock = LoopClock.system();
  private LoopExceptionHandler exceptionHandler = LoopExceptionHandler.logging();
  private boolean debug = Boolean.getBoolean("tandem.loop.debug");
  private Duration slowCallbackThreshold = Duration.ofMillis(100);
  private boolean watchdog = true;
  private Duration blockedThreshold = Duration.ofSeconds(2);
  private int lagSamplePeriod = 16;
  private ContextPropagator contextPropagator = ContextPropagator.none();

  EventLoopBuilder() {}

  /**
   * The clock of the loop's timers; default {@link LoopClock#system()}. With a {@link
   * ManualClock} the loop never sleeps for a timer: see there.
   *
   * @throws NullPointerException if {@code clock} is null
   */
  public EventLoopBuilder clock(LoopClock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return this;
  }

  /**
   * Where the loop reports callback exceptions, unretrieved failures, slow callbacks, the
   * watchdog's blocked-loop reports and incomplete shutdowns; default {@link
   * LoopExceptionHandler#logging()}. It can be replaced on the built loop with {@link
   * LoopOperations#setExceptionHandler}.
   *
   * @throws NullPointerException if {@code handler} is null
   */
  public EventLoopBuilder exceptionHandler(LoopExceptionHandler handler) {
    this.exceptionHandler = Objects.requireNonNull(handler, "handler");
    return this;
  }

  /**
   * Debug mode: the loop reports every callback that runs for at least the {@linkplain
   * #slowCallbackThreshold threshold} (measured on the loop's clock) to the exception handler,
   * and records where each future was created, which then appears in unretrieved-failure
   * reports ({@link LoopErrorContext#creationSite()}). It costs a stack trace per future. Off
   * by default, unless the system property {@code tandem.loop.debug} is {@code true} when the
   * builder is created.
   */
  public EventLoopBuilder debug(boolean enabled) {
    this.debug = enabled;
    return this;
  }

  /**
   * How long a callback may run before debug mode reports it; default 100 ms.
   *
   * @throws NullPointerException if {@code threshold} is null
   * @throws IllegalArgumentException if {@code threshold} is negative
   */
  public EventLoopBuilder slowCallbackThreshold(Duration threshold) {
    Objects.requireNonNull(threshold, "threshold");
    if (threshold.isNegative()) {
      throw new IllegalArgumentException("negative threshold: " + threshold);
    }
    this.slowCallbackThreshold = threshold;
    return this;
  }

  /**
   * Whether the blocked-loop watchdog watches this loop; on by default. Off, the loop is not
   * registered with the watchdog at all. See {@link #blockedThreshold}.
   */
  public EventLoopBuilder watchdog(boolean enabled) {
    this.watchdog = enabled;
    return this;
  }

  /**
   * How long one callback may run before the watchdog reports the loop as blocked, while it is
   * still blocked; default 2 seconds, generous enough never to fire in normal use. Measured on
   * the loop's {@linkplain #clock clock}. Reports repeat at two, four, eight… times the threshold
   * while the loop stays blocked, and once more when the callback returns. The watchdog is one
   * shared daemon thread for every loop of the JVM; see {@code docs/operating.md}. Setting a
   * threshold turns the watchdog on.
   *
   * @throws NullPointerException if {@code threshold} is null
   * @throws IllegalArgumentException if {@code threshold} is not positive
   */
  public EventLoopBuilder blockedThreshold(Duration threshold) {
    Objects.requireNonNull(threshold, "threshold");
    if (threshold.isNegative() || threshold.isZero()) {
      throw new IllegalArgumentException("threshold must be positive: " + threshold);
    }
    this.blockedThreshold = threshold;
    this.watchdog = true;
    return this;
  }

  /**
   * Context propagation (Python's {@code contextvars} at {@code call_soon} and {@code
   * add_done_callback}): the loop captures the calling thread's context with {@code propagator}
   * at every registration point and runs the registered code in it, then puts back what the loop
   * thread had. Default {@link ContextPropagator#none()}: nothing is captured and the loop runs
   * the same code as a loop that never heard of it.
   *
   * <p>Captured: {@code callSoon}, {@code callSoonThreadsafe} and {@code execute}, {@code
   * callLater} / {@code callAt}, {@code addDoneCallback} on every future of the loop (its own and
   * every combinator's, so {@link LoopFutures#map} and its siblings run their functions in the
   * context of the call that composed them), and {@code runInExecutor}, whose task runs in the
   * caller's context on the executor's thread. A callback that throws is reported to the
   * exception handler inside its own context; a failure nobody retrieved is reported in the
   * context its future was created in. The loop and its futures are {@link
   * dev.tandem.api.ContextCarrier}s, so views and conversions built over them capture with the
   * same propagator. Rules and costs: {@code docs/concepts.md}.
   *
   * @throws NullPointerException if {@code propagator} is null
   */
  public EventLoopBuilder contextPropagator(ContextPropagator propagator) {
    this.contextPropagator = Objects.requireNonNull(propagator, "propagator");
    return this;
  }

  /** For tests: measure the lag of one {@code callSoonThreadsafe} in {@code period}. */
  EventLoopBuilder lagSamplePeriod(int period) {
    this.lagSamplePeriod = period;
    return this;
  }

  /** A new idle loop with this configuration; see {@link EventLoops} for its behaviour. */
  public EventLoop build() {
    return new DefaultEventLoop(
        clock,
        exceptionHandler,
        debug,
        slowCallbackThreshold,
        watchdog ? blockedThreshold : null,
        lagSamplePeriod,
        LoopScope.travellingWith(contextPropagator));
  }

  /**
   * A new loop with this exception handler, debug setting and context propagator, hosted on {@code host}'s thread
   * and running there from now on; see {@link EventLoops#hosted(LoopHost)}.
   *
   * @throws NullPointerException if {@code host} is null
   * @throws IllegalStateException if a clock other than {@link LoopClock#system()} was set: a
   *     hosted loop's timers are woken by the host's scheduler, which follows the system clock
   * @throws java.util.concurrent.RejectedExecutionException if the host runs no more tasks
   */
  public EventLoop buildHosted(LoopHost host) {
    Objects.requireNonNull(host, "host");
    if (clock != LoopClock.system()) {
      throw new IllegalStateException(
          "a hosted event loop runs its timers on the system clock; do not set clock(...)");
    }
    return new HostedEventLoop(
        host,
        exceptionHandler,
        debug,
        slowCallbackThreshold,
        LoopScope.travellingWith(contextPropagator));
  }

  /**
   * Builds a loop and runs it on a new thread named {@code threadName}; returns once the loop
   * is running there. See {@link BackgroundLoop}.
   *
   * @throws NullPointerException if {@code threadName} is null
   */
  public BackgroundLoop startBackgroundLoop(String threadName) {
    Objects.requireNonNull(threadName, "threadName");
    return BackgroundLoop.start(build(), threadName);
  }
}
