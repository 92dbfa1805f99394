package dev.tandem.benchmarks;

import dev.tandem.api.ContextPropagator;
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

  /** The one thread-local the context-propagation variants capture. */
  static final ThreadLocal<String> REQUEST = new ThreadLocal<>();

  /** The context variants' value of {@link #REQUEST}: a request id, as an application sets. */
  static final String REQUEST_ID = "request-1";

  /**
   * Like {@link #newLoop()}, with context propagation on over {@link #REQUEST}: every callback
   * captures it where registered and restores it where it runs.
   */
  static EventLoop newContextLoop() {
    return EventLoops.builder()
        .contextPropagator(ContextPropagator.ofThreadLocals(REQUEST))
        .build();
  }

  /** Like {@link #startBackgroundLoop}, with context propagation on over {@link #REQUEST}. */
  static BackgroundLoop startContextBackgroundLoop(String name) {
    return EventLoops.builder()
        .contextPropagator(ContextPropagator.ofThreadLocals(REQUEST))
        .startBackgroundLoop(name);
  }

  /** A new loop already running on a daemon thread of its own. */
  static BackgroundLoop startBackgroundLoop(String name) {
    return EventLoops.startBackgroundLoop(name);
  }
}
