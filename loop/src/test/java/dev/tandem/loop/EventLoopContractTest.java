package dev.tandem.loop;

import dev.tandem.api.EventLoop;
import dev.tandem.api.contract.EventLoopContract;
import org.junit.jupiter.api.Nested;

/** The loop contract, run against the kinds of loop {@link EventLoops} makes, and a foreign one. */
final class EventLoopContractTest {
  private EventLoopContractTest() {}

  /** {@link EventLoops#newEventLoop()}. */
  @Nested
  final class NewEventLoop extends EventLoopContract {
    @Override
    protected EventLoop newLoop() {
      return EventLoops.newEventLoop();
    }
  }

  /** A loop in debug mode: futures record their creation site, slow callbacks are reported. */
  @Nested
  final class DebugEventLoop extends EventLoopContract {
    @Override
    protected EventLoop newLoop() {
      return EventLoops.builder().debug(true).exceptionHandler(new RecordingHandler()).build();
    }
  }

  /** {@link SimpleLoop}, a loop that shares no code with Tandem's. */
  @Nested
  final class ForeignLoop extends EventLoopContract {
    @Override
    protected EventLoop newLoop() {
      return new SimpleLoop();
    }
  }
}
