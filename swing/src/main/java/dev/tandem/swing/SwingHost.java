package dev.tandem.swing;

import dev.tandem.loop.LoopHost;
import java.awt.EventQueue;
import javax.swing.Timer;

/**
 * {@link LoopHost} on the AWT event dispatch thread: {@link EventQueue#invokeLater}, {@link
 * EventQueue#isDispatchThread}, and a one-shot {@link Timer} (which fires on that thread) with
 * the delay rounded up to whole milliseconds.
 */
final class SwingHost implements LoopHost {
  static final SwingHost INSTANCE = new SwingHost();

  private SwingHost() {}

  @Override
  public void execute(Runnable task) {
    EventQueue.invokeLater(task);
  }

  @Override
  public boolean inHostThread() {
    return EventQueue.isDispatchThread();
  }

  @Override
  public Scheduled schedule(Runnable task, long delayNanos) {
    long millis = (delayNanos + 999_999) / 1_000_000;
    Timer timer = new Timer((int) Math.min(Integer.MAX_VALUE, millis), event -> task.run());
    timer.setRepeats(false);
    timer.start();
    return timer::stop;
  }

  @Override
  public String toString() {
    return "the AWT event dispatch thread";
  }
}
