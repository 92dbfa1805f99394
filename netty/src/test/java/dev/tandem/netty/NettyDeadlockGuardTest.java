package dev.tandem.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.tandem.api.BlockingOnLoopException;
import dev.tandem.api.EventLoop;
import dev.tandem.api.ExecutorFuture;
import dev.tandem.api.RunningLoop;
import dev.tandem.threads.ExecutorFutures;
import io.netty.channel.DefaultEventLoop;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The deadlock guard on a Netty thread that hosts a Tandem loop. */
@Timeout(20)
final class NettyDeadlockGuardTest {
  private final DefaultEventLoop netty = new DefaultEventLoop();
  private final EventLoop loop = NettyLoops.host(netty);

  @AfterEach
  void shutDown() {
    netty.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
  }

  /** Runs {@code action} as a plain Netty task (as a handler runs), not as loop work. */
  private <T> T onNetty(Callable<T> action) throws Exception {
    return netty.submit(action).get(10, TimeUnit.SECONDS);
  }

  @Test
  void blockingWait_inANettyTask_failsFast_namingTheThreadAndTheWayOut() throws Exception {
    await().until(() -> onNetty(() -> RunningLoop.current() == loop)); // the first batch ran
    ExecutorFuture<String> pending = ExecutorFutures.settable();
    Throwable refused =
        onNetty(
            () -> {
              try {
                pending.result(Duration.ofSeconds(5));
                return null;
              } catch (Throwable t) {
                return t;
              }
            });
    assertThat(refused)
        .isInstanceOf(BlockingOnLoopException.class)
        .hasMessageContaining("Refusing to block thread '" + threadName() + "'")
        .hasMessageContaining("await()");
  }

  @Test
  void blockingWait_inALoopCallback_failsFast() throws Exception {
    ExecutorFuture<String> pending = ExecutorFutures.settable();
    java.util.concurrent.CompletableFuture<Throwable> refused =
        new java.util.concurrent.CompletableFuture<>();
    loop.callSoonThreadsafe(
        () -> {
          try {
            pending.result(Duration.ofSeconds(5));
          } catch (Throwable t) {
            refused.complete(t);
          }
        });
    assertThat(refused.get(10, TimeUnit.SECONDS)).isInstanceOf(BlockingOnLoopException.class);
  }

  @Test
  void blockingWait_onTheNettyThread_afterTheLoopStopped_isAllowed() throws Exception {
    loop.stop();
    await().until(() -> !loop.isRunning());
    ExecutorFuture<String> pending = ExecutorFutures.settable();
    Throwable outcome =
        onNetty(
            () -> {
              try {
                pending.result(Duration.ofMillis(1));
                return null;
              } catch (Throwable t) {
                return t;
              }
            });
    assertThat(outcome).isInstanceOf(TimeoutException.class);
    loop.close();
  }

  @Test
  void theExecutorTerminating_closesItsLoop() {
    netty.shutdownGracefully(0, 0, TimeUnit.SECONDS);
    await().until(loop::isClosed);
    assertThatThrownBy(() -> loop.callSoonThreadsafe(() -> {}))
        .isInstanceOf(java.util.concurrent.RejectedExecutionException.class);
  }

  @Test
  void host_returnsTheSameLoopForTheSameExecutor_untilItIsClosed() throws Exception {
    assertThat(NettyLoops.host(netty)).isSameAs(loop);
    onNetty(
        () -> {
          loop.close();
          return null;
        });
    EventLoop next = NettyLoops.host(netty);
    assertThat(next).isNotSameAs(loop);
    assertThat(next.isRunning()).isTrue();
  }

  private String threadName() throws Exception {
    return onNetty(() -> Thread.currentThread().getName());
  }
}
