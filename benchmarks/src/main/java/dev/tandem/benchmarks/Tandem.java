package dev.tandem.benchmarks;

import dev.tandem.api.EventLoop;
import dev.tandem.loop.BackgroundLoop;
import dev.tandem.loop.EventLoops;

/** Where the benchmarks get Tandem's loops from. */
final class Tandem {
  private Tandem() {}

  /** A new event loop with the real clock, not running; the caller runs and closes it. */
  static EventLoop newLoop() {
    return EventLoops.newEventLoop();
  }

  /** A new loop already running on a daemon thread of its own. */
  static BackgroundLoop startBackgroundLoop(String name) {
    return EventLoops.startBackgroundLoop(name);
  }
}
