package dev.tandem.netty;

import dev.tandem.api.ContextPropagator;
import dev.tandem.api.EventLoop;
import dev.tandem.loop.EventLoops;
import dev.tandem.loop.LoopHost;
import io.netty.util.concurrent.EventExecutor;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Tandem's event loop on a Netty event loop's thread.
 *
 * <h2>How to get an instance</h2>
 *
 * <!-- snippet:javadoc-netty-loops (compiled by the samples module) -->
 * <pre>{@code
 * // in a ChannelHandler, on the channel's event loop
 * EventLoop loop = NettyLoops.host(ctx.executor());
 * LoopFuture<String> later = loop.createFuture();
 * loop.callLater(Duration.ofMillis(5), () -> later.setResult("tick"));
 * LoopFutures.map(later, String::length).addDoneCallback(n -> ctx.writeAndFlush(n.result()));
 * }</pre>
 *
 * <p>{@link #host(EventExecutor)} returns the one Tandem loop of an executor, made on first use
 * and kept until it is closed or the executor terminates (which closes it: what it owns is
 * cancelled with {@code "event loop closed"}). It is an {@link EventLoops#hosted} loop on a
 * {@link LoopHost} made of Netty's {@code execute}, {@code inEventLoop()} and {@code schedule}:
 * read there what differs from an own loop. In short: it runs from creation ({@code isRunning()}
 * is true), {@code inLoopThread()} is true on the Netty thread in every handler, so handlers call
 * {@code callSoon} and complete loop futures directly; callbacks run in batches, each batch one
 * Netty task; timers are woken by Netty's scheduler; and the Netty thread is marked as running
 * the loop, so a blocking wait of an executor future there fails fast with {@link
 * dev.tandem.api.BlockingOnLoopException} (a check Netty itself applies only to its own
 * promises).
 *
 * <p>{@link #host(EventExecutor, ContextPropagator)} is the same with context propagation: every
 * callback, task and timer registered on it runs in the context of the thread that registered it
 * (see {@link dev.tandem.loop.EventLoopBuilder#contextPropagator}); it is one loop per executor
 * and propagator, apart from the loop without propagation.
 *
 * <p>Thread-safe: every method may be called from any thread.
 */
public final class NettyLoops {
  private static final ConcurrentMap<Key, EventLoop> LOOPS = new ConcurrentHashMap<>();

  /** A loop's place in {@link #LOOPS}: propagators are told apart by their own {@code equals}. */
  private record Key(EventExecutor executor, ContextPropagator propagator) {}

  private NettyLoops() {}

  /**
   * The Tandem loop hosted on {@code executor}'s thread: the same loop for the same executor
   * until that loop is closed (a later call then makes a new one) or the executor terminates.
   *
   * @throws NullPointerException if {@code executor} is null
   * @throws java.util.concurrent.RejectedExecutionException if the executor is shut down
   */
  public static EventLoop host(EventExecutor executor) {
    return host(executor, ContextPropagator.none());
  }

  /**
   * The Tandem loop hosted on {@code executor}'s thread that propagates context with {@code
   * propagator}: the same loop for the same executor and propagator until that loop is closed (a
   * later call then makes a new one) or the executor terminates. {@code host(e,
   * ContextPropagator.none())} is {@code host(e)}. Loops with different propagators on one
   * executor share its thread and are otherwise independent (each has its own callbacks and
   * timers).
   *
   * @throws NullPointerException if {@code executor} or {@code propagator} is null
   * @throws java.util.concurrent.RejectedExecutionException if the executor is shut down
   */
  public static EventLoop host(EventExecutor executor, ContextPropagator propagator) {
    Key key =
        new Key(
            Objects.requireNonNull(executor, "executor"),
            Objects.requireNonNull(propagator, "propagator"));
    EventLoop existing = LOOPS.get(key);
    if (existing != null && !existing.isClosed()) {
      return existing;
    }
    return LOOPS.compute(
        key, (k, current) -> current != null && !current.isClosed() ? current : newLoop(k));
  }

  private static EventLoop newLoop(Key key) {
    EventLoop loop =
        EventLoops.builder()
            .contextPropagator(key.propagator())
            .buildHosted(asLoopHost(key.executor()));
    loop.onClose(() -> LOOPS.remove(key, loop));
    key.executor().terminationFuture().addListener(terminated -> loop.close());
    return loop;
  }

  /**
   * {@code executor} as a {@link LoopHost}, for a hosted loop of your own configuration
   * ({@code EventLoops.builder().exceptionHandler(...).buildHosted(NettyLoops.asLoopHost(e))});
   * such a loop is not the one {@link #host} returns, and nothing closes it for you.
   *
   * @throws NullPointerException if {@code executor} is null
   */
  public static LoopHost asLoopHost(EventExecutor executor) {
    return new NettyHost(executor);
  }
}
