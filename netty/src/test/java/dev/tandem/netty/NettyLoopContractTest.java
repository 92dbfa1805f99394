package dev.tandem.netty;

import static org.awaitility.Awaitility.await;

import dev.tandem.api.EventLoop;
import dev.tandem.api.contract.EventLoopContract;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;

/** The loop contract, run against {@link NettyLoops#host} on Netty's own event loops. */
final class NettyLoopContractTest {
  private static final DefaultEventLoop DEFAULT = new DefaultEventLoop();
  private static final MultiThreadIoEventLoopGroup NIO =
      new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());

  private NettyLoopContractTest() {}

  @AfterAll
  static void shutDown() {
    DEFAULT.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    NIO.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
  }

  /** Starting and stopping a hosted loop: it runs from creation; stop() detaches it. */
  abstract static class HostedContract extends EventLoopContract {
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

  /** On {@code io.netty.channel.DefaultEventLoop}. */
  @Nested
  final class OnDefaultEventLoop extends HostedContract {
    @Override
    protected EventLoop newLoop() {
      return NettyLoops.host(DEFAULT);
    }
  }

  /** On the event loop of an NIO group, the one a socket channel gets. */
  @Nested
  final class OnNioEventLoop extends HostedContract {
    @Override
    protected EventLoop newLoop() {
      return NettyLoops.host(NIO.next());
    }
  }
}
