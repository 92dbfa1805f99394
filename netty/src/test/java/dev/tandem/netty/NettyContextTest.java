package dev.tandem.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.api.ContextPropagator;
import dev.tandem.api.EventLoop;
import dev.tandem.api.LoopFuture;
import io.netty.channel.DefaultEventLoop;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Context propagation on a Netty-hosted loop with a plain {@link ThreadLocal}: a value set before
 * registering is seen by the callback on the Netty thread, and the Netty thread holds afterwards
 * what it held before.
 */
@Timeout(20)
final class NettyContextTest {
  private static final ThreadLocal<String> REQUEST = new ThreadLocal<>();
  private static final ContextPropagator PROPAGATOR = ContextPropagator.ofThreadLocals(REQUEST);

  private final DefaultEventLoop netty = new DefaultEventLoop();
  private final EventLoop loop = NettyLoops.host(netty, PROPAGATOR);
  private final List<@Nullable String> seen = new CopyOnWriteArrayList<>();

  @AfterEach
  void shutDown() {
    REQUEST.remove();
    netty.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
  }

  /** Runs {@code action} as a plain Netty task (as a handler runs), not as loop work. */
  private <T> T onNetty(Callable<T> action) throws Exception {
    return netty.submit(action).get(10, TimeUnit.SECONDS);
  }

  /** Waits until the loop ran everything queued so far, then reads what the Netty thread holds. */
  private @Nullable String nettyThreadHoldsAfterTheCallbacks() throws Exception {
    CompletableFuture<Void> drained = new CompletableFuture<>();
    loop.callSoonThreadsafe(() -> drained.complete(null));
    drained.get(10, TimeUnit.SECONDS);
    return onNetty(REQUEST::get);
  }

  @Test
  void callSoon_inAHandler_runsOnTheNettyThread_inTheHandlersContext() throws Exception {
    onNetty(
        () -> {
          REQUEST.set("netty's own");
          return null;
        });
    onNetty(
        () -> {
          String own = REQUEST.get();
          REQUEST.set("request-1");
          loop.callSoon(() -> seen.add(REQUEST.get() + " on " + netty.inEventLoop()));
          REQUEST.set(own);
          return null;
        });

    assertThat(nettyThreadHoldsAfterTheCallbacks()).isEqualTo("netty's own");
    assertThat(seen).containsExactly("request-1 on true");
  }

  @Test
  void addDoneCallback_fromAnotherThread_runsOnTheNettyThread_inTheRegistrantsContext()
      throws Exception {
    LoopFuture<String> reply = onNetty(loop::createFuture);
    REQUEST.set("request-2");
    loop.callSoonThreadsafe(
        () -> reply.addDoneCallback(done -> seen.add(REQUEST.get() + " " + done.result())));
    REQUEST.set("set after registering");
    onNetty(
        () -> {
          reply.setResult("done");
          return null;
        });

    assertThat(nettyThreadHoldsAfterTheCallbacks()).isNull();
    assertThat(seen).containsExactly("request-2 done");
  }

  @Test
  void host_withAPropagator_isOneLoopPerExecutorAndPropagator() {
    assertThat(NettyLoops.host(netty, PROPAGATOR)).isSameAs(loop);
    assertThat(NettyLoops.host(netty)).isNotSameAs(loop);
    assertThat(NettyLoops.host(netty, ContextPropagator.none())).isSameAs(NettyLoops.host(netty));
    assertThatThrownBy(() -> NettyLoops.host(netty, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("propagator");
  }

  @Test
  void withoutAPropagator_nothingFollowsTheWork() throws Exception {
    EventLoop plain = NettyLoops.host(netty);
    CompletableFuture<@Nullable String> ran = new CompletableFuture<>();
    REQUEST.set("not propagated");
    plain.callSoonThreadsafe(() -> ran.complete(REQUEST.get()));
    assertThat(ran.get(10, TimeUnit.SECONDS)).isNull();
  }
}
