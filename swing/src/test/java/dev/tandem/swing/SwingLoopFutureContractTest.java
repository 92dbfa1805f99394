package dev.tandem.swing;

import dev.tandem.api.EventLoop;
import dev.tandem.api.LoopFuture;
import dev.tandem.api.contract.HostedLoopFutureContract;
import java.awt.EventQueue;
import java.awt.SecondaryLoop;
import java.awt.Toolkit;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The future contract for loop futures of the EDT loop, on the EDT; AWT dispatches the loop's
 * batches from inside a test through a {@link SecondaryLoop} (what a modal dialog uses).
 */
final class SwingLoopFutureContractTest extends HostedLoopFutureContract {
  @RegisterExtension
  static final OnHostThread ON_THE_EDT = new OnHostThread(EventQueue::invokeLater);

  @Override
  protected EventLoop loop() {
    return SwingLoops.edt();
  }

  @Override
  protected void runHostTasksUntil(LoopFuture<?> done) {
    SecondaryLoop events = Toolkit.getDefaultToolkit().getSystemEventQueue().createSecondaryLoop();
    done.addDoneCallback(d -> events.exit());
    if (!events.enter()) {
      throw new AssertionError("could not dispatch events on the EDT");
    }
  }
}
