package dev.tandem.loop;

import dev.tandem.api.EventLoop;
import dev.tandem.api.LoopFuture;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.Arrays;
import org.awaitility.Awaitility;

/** Test helpers for driving a loop on the test thread. */
final class TestLoops {
  private TestLoops() {}

  /** Collects garbage until every referent of {@code refs} is gone; fails after 20 s. */
  static void awaitCollected(WeakReference<?>... refs) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(20))
        .until(
            () -> {
              System.gc();
              return Arrays.stream(refs).allMatch(r -> r.get() == null);
            });
  }

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
