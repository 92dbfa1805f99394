package dev.tandem.swing;

import dev.tandem.api.EventLoop;
import dev.tandem.loop.EventLoops;
import dev.tandem.loop.LoopHost;
import org.jspecify.annotations.Nullable;

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
 * <p>Thread-safe: every method may be called from any thread. It works headless ({@code
 * -Djava.awt.headless=true}): the EDT needs no display.
 */
public final class SwingLoops {
  private static final Object LOCK = new Object();
  private static @Nullable EventLoop edt; // guarded by LOCK

  private SwingLoops() {}

  /**
   * The Tandem loop on the event dispatch thread: the same loop until it is closed (a later call
   * then makes a new one).
   */
  public static EventLoop edt() {
    synchronized (LOCK) {
      EventLoop loop = edt;
      if (loop == null || loop.isClosed()) {
        loop = EventLoops.hosted(SwingHost.INSTANCE);
        edt = loop;
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
