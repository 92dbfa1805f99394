package dev.tandem.swing;

import static org.awaitility.Awaitility.await;

import dev.tandem.api.EventLoop;
import dev.tandem.api.contract.EventLoopContract;
import java.time.Duration;

/** The loop contract, run against {@link SwingLoops#edt()} (headless). */
final class SwingLoopContractTest extends EventLoopContract {
  @Override
  protected EventLoop newLoop() {
    return SwingLoops.edt(); // each test closes it, so each gets a new one
  }

  @Override
  protected void startRunning(EventLoop loop) {
    await().atMost(Duration.ofSeconds(WAIT_SECONDS)).until(loop::isRunning);
  }

  @Override
  protected void stopRunning(EventLoop loop) {
    loop.stop();
    await().atMost(Duration.ofSeconds(WAIT_SECONDS)).until(() -> !loop.isRunning());
  }
}
