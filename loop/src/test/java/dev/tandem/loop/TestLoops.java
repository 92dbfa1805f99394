package dev.tandem.loop;

import dev.tandem.api.EventLoop;
import dev.tandem.api.LoopFuture;

/** Test helpers for driving a loop on the test thread. */
final class TestLoops {
  private TestLoops() {}

  /**
   * Runs the loop until the callbacks queued now, and those they queue in turn, have run: the
   * loop stops itself from a callback once an iteration found nothing else to do.
   */
  static void runUntilIdle(EventLoop loop) {
    LoopFuture<Void> idle = loop.createFuture();
    DefaultEventLoop impl = (DefaultEventLoop) loop;
    loop.callSoon(new Runnable() {
      @Override
      public void run() {
        if (impl.hasReadyWork()) {
          loop.callSoon(this);
        } else {
          idle.setResult(null);
        }
      }
    });
    loop.runUntilComplete(idle);
  }
}
