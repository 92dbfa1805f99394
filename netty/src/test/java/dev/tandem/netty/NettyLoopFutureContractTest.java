package dev.tandem.netty;

import dev.tandem.api.EventLoop;
import dev.tandem.api.LoopFuture;
import dev.tandem.api.contract.HostedLoopFutureContract;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The future contract for loop futures of a loop hosted on a Netty event loop, on its thread. */
final class NettyLoopFutureContractTest extends HostedLoopFutureContract {
  private static final PumpableEventLoop NETTY = new PumpableEventLoop();

  @RegisterExtension static final OnHostThread ON_THE_NETTY_THREAD = new OnHostThread(NETTY);

  @AfterAll
  static void shutDown() {
    NETTY.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
  }

  @Override
  protected EventLoop loop() {
    return NettyLoops.host(NETTY);
  }

  @Override
  protected void runHostTasksUntil(LoopFuture<?> done) {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!done.isDone() && System.nanoTime() < deadline) {
      NETTY.pump();
    }
    if (!done.isDone()) {
      throw new AssertionError("the hosted loop did not run its batches");
    }
  }
}
