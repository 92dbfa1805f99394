package dev.tandem.netty;

import io.netty.channel.DefaultEventLoop;

/**
 * A real Netty {@link DefaultEventLoop} whose queued tasks a test running on its thread can run
 * (Netty's own {@code runAllTasks}), so a test can stay on the Netty thread, as a handler does,
 * and still let the Tandem loop hosted there run its batches.
 */
final class PumpableEventLoop extends DefaultEventLoop {
  /** Runs the tasks queued now and those due; on this loop's thread only. */
  void pump() {
    assert inEventLoop();
    runAllTasks();
  }
}
