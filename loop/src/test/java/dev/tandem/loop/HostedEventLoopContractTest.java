package dev.tandem.loop;

import static org.awaitility.Awaitility.await;

import dev.tandem.api.EventLoop;
import dev.tandem.api.contract.EventLoopContract;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;

/** The loop contract, run against a loop hosted on a one-thread scheduled executor. */
final class HostedEventLoopContractTest extends EventLoopContract {
  /** One host for the class: the suite's own clean-up stops and closes each loop after the test. */
  private static final ExecutorHost host = new ExecutorHost("contract-host");

  @Override
  protected EventLoop newLoop() {
    return EventLoops.builder().exceptionHandler(new RecordingHandler()).buildHosted(host);
  }

  /** A hosted loop runs from creation. */
  @Override
  protected void startRunning(EventLoop loop) {
    await().atMost(Duration.ofSeconds(WAIT_SECONDS)).until(loop::isRunning);
  }

  /** {@link EventLoop#stop()} detaches it from the host once the host ran the request. */
  @Override
  protected void stopRunning(EventLoop loop) {
    loop.stop();
    await().atMost(Duration.ofSeconds(WAIT_SECONDS)).until(() -> !loop.isRunning());
  }

  @AfterAll
  static void stopHost() throws InterruptedException {
    host.close();
  }
}
