package dev.tandem.swing;

import dev.tandem.api.ContextPropagator;
import dev.tandem.api.EventLoop;
import dev.tandem.loop.EventLoops;
import dev.tandem.loop.LoopHost;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Tandem's event loop on the AWT event dispatch thread (EDT).
 *
 * <h2>How to get an instance</h2>
 *
 * <!-- snippet:javadoc-swing-loops (compiled by the samples module) -->
 * <pre>{@code
 * // in a listener, on the EDT
 * EventLoop edt = SwingLoops.edt();
 * LoopFuture<String> text = edt.runInExecutor(pool, () -> slowLookup());
 * text.addDoneCallback(done -> label.setText(done.result())); // runs on the EDT
 * }</pre>
 *
 * <p>{@link #edt()} is one {@link EventLoops#hosted} loop for the whole application, made on
 * first use; read there what differs from an own loop. In short: it runs from creation, {@code
 * inLoopThread()} is true on the EDT (in every listener, so a listener may call {@code callSoon}
 * and complete loop futures directly), callbacks run in batches, each batch one {@code
 * invokeLater} event, so repaints and input get their turn in between; timers are woken by a
 * {@link javax.swing.Timer} and run on the EDT no earlier than their deadline, with millisecond
 * precision at best; and a blocking wait of an executor future on the EDT fails fast with {@link
 * dev.tandem.api.BlockingOnLoopException} once the loop ran its first batch there.
 *
 * <p>{@link #edt(ContextPropagator)} is the same with context propagation: every callback, task
 * and timer registered on it runs in the context of the thread that registered it (see {@link
 * dev.tandem.loop.EventLoopBuilder#contextPropagator}); it is one loop per propagator, apart from
 * the loop without propagation.
 *
 * <p>Thread-safe: every method may be called from any thread. It works headless ({@code
 * -Djava.awt.headless=true}): the EDT needs no display.
 */
public final class SwingLoops {
  private static final Object LOCK = new Object();
  // guarded by LOCK; propagators are told apart by their own equals
  private static final Map<ContextPropagator, EventLoop> LOOPS = new HashMap<>();

  private SwingLoops() {}

  /**
   * The Tandem loop on the event dispatch thread: the same loop until it is closed (a later call
   * then makes a new one).
   */
  public static EventLoop edt() {
    return edt(ContextPropagator.none());
  }

  /**
   * The Tandem loop on the event dispatch thread that propagates context with {@code propagator}:
   * the same loop for the same propagator until it is closed (a later call then makes a new one).
   * {@code edt(ContextPropagator.none())} is {@code edt()}. Loops with different propagators share
   * the EDT and are otherwise independent (each has its own callbacks and timers).
   *
   * @throws NullPointerException if {@code propagator} is null
   */
  public static EventLoop edt(ContextPropagator propagator) {
    Objects.requireNonNull(propagator, "propagator");
    synchronized (LOCK) {
      EventLoop loop = LOOPS.get(propagator);
      if (loop == null || loop.isClosed()) {
        loop = EventLoops.builder().contextPropagator(propagator).buildHosted(SwingHost.INSTANCE);
        LOOPS.put(propagator, loop);
      }
      return loop;
    }
  }

  /**
   * The event dispatch thread as a {@link LoopHost}, for a hosted loop of your own configuration
   * ({@code EventLoops.builder().exceptionHandler(...).buildHosted(SwingLoops.asLoopHost())});
   * such a loop is not the one {@link #edt()} returns.
   */
  public static LoopHost asLoopHost() {
    return SwingHost.INSTANCE;
  }
}
