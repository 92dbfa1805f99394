package dev.tandem.api;

import java.util.List;
import java.util.Objects;

/**
 * Captures the context of the thread that registers work, so that the work runs in that context
 * later, on whichever thread runs it (Python's {@code contextvars.copy_context()} at {@code
 * call_soon} / {@code add_done_callback}).
 *
 * <p>A loop or an executor built with a propagator calls {@link #capture()} at every registration
 * point (a callback, a task, a timer, a dependent stage) and opens the snapshot around the user
 * code it later runs. A loop or executor built without one uses {@link #none()}, which Tandem
 * recognises by identity and skips entirely: no capture, no wrapper, the code of a loop without
 * propagation.
 *
 * <p>Implementations: {@link #ofThreadLocals} for plain {@link ThreadLocal}s (no dependency), the
 * {@code tandem-context} module for everything registered with Micrometer's context-propagation
 * library (SLF4J's MDC, Micrometer Observation, OpenTelemetry through its bridge), and {@link
 * #composite} to combine them.
 *
 * <p>Thread safety: {@link #capture()} is called on the registering thread, from any thread;
 * implementations must be thread-safe and must not block.
 */
@FunctionalInterface
public interface ContextPropagator {

  /**
   * Reads the context current on the calling thread into a snapshot. Called once per registration;
   * it should read values, not copy maps, where it can.
   */
  ContextSnapshot capture();

  /**
   * Like {@link #capture()}, but may return {@code held} itself when it is a snapshot this
   * propagator captured and it holds exactly the values current now. A registration point that
   * keeps a snapshot already (a loop future keeps its creator's, for the report of a failure
   * nobody retrieved) then keeps one object instead of two equal ones. The default captures anew;
   * the propagators of {@link #ofThreadLocals}, and {@link #composite}s made only of them, reuse
   * {@code held} when every thread-local holds the same object as when it was captured.
   *
   * @throws NullPointerException if {@code held} is null
   */
  default ContextSnapshot captureReusing(ContextSnapshot held) {
    Objects.requireNonNull(held, "held");
    return capture();
  }

  /**
   * The propagator of loops and executors that did not opt in: captures nothing. Compare with
   * {@code ==} to skip propagation on a hot path.
   */
  static ContextPropagator none() {
    return NoContext.INSTANCE;
  }

  /**
   * A propagator for plain {@link ThreadLocal}s: it captures each local's value, and a snapshot
   * sets those values while it is open and puts back what the thread had when it closes. A
   * thread-local whose value is {@code null} counts as absent, so a value absent before a callback
   * is absent (reads null) after it; a scope puts absence back by setting null rather than with
   * {@code remove()}, so a thread running many callbacks keeps one thread-local map entry instead
   * of making a new one per callback. Thread-locals with an initial value other than null are not
   * supported (reading one would create its value).
   *
   * @throws IllegalArgumentException if no thread-local is given
   * @throws NullPointerException if a thread-local is null
   */
  static ContextPropagator ofThreadLocals(ThreadLocal<?>... locals) {
    return ThreadLocalPropagator.of(List.of(locals));
  }

  /**
   * A propagator that captures with each of {@code parts} in order; its snapshot opens them in
   * order and closes them in reverse order. {@link #none()} parts are left out; if nothing remains
   * the result is {@link #none()}, and a single remaining part is returned as it is.
   *
   * @throws NullPointerException if a part is null
   */
  static ContextPropagator composite(ContextPropagator... parts) {
    return CompositePropagator.of(List.of(parts));
  }
}
