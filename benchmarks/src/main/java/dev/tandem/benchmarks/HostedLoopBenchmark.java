package dev.tandem.benchmarks;

import dev.tandem.api.AsyncFuture;
import dev.tandem.api.EventLoop;
import dev.tandem.api.LoopFuture;
import dev.tandem.netty.NettyLoops;
import io.netty.channel.DefaultEventLoop;
import io.netty.util.concurrent.DefaultPromise;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GenericFutureListener;
import io.netty.util.concurrent.Promise;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Tandem's loop hosted on a Netty {@code DefaultEventLoop} ({@link NettyLoops#host}) against
 * Netty's own primitives on the same event loop. Every batch runs as a task of that Netty loop
 * ({@link Batches#onHostedLoop}, {@link Batches#onNettyLoop}); the score is per operation and
 * includes the callback running.
 *
 * <ul>
 *   <li>{@code lifecycle}: create a future, add one callback, complete it, the callback ran.
 *       Tandem's loop future (its callback runs later, in one of the loop's batches, each batch
 *       one Netty task) versus Netty's {@code DefaultPromise} (the listener runs inline, since
 *       the promise is completed on its executor's thread).
 *   <li>{@code callSoon}: Tandem's {@code callSoon} on the hosted loop (the loop's own queue,
 *       one Netty task per batch) versus Netty's {@code execute} from its own thread (Netty's
 *       task queue, one entry per callback).
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(Batches.SIZE)
@State(Scope.Thread)
public class HostedLoopBenchmark {
  private static final Object VALUE = "value";

  private long ran;
  private long expected;
  private @Nullable DefaultEventLoop netty;
  private @Nullable EventLoop hosted;

  private final Runnable increment = () -> ran++;
  private final Consumer<AsyncFuture<Object>> tandemCallback = f -> ran++;
  private final GenericFutureListener<Future<Object>> nettyCallback = f -> ran++;

  private DefaultEventLoop netty() {
    DefaultEventLoop loop = netty;
    return loop != null ? loop : (netty = new DefaultEventLoop());
  }

  private EventLoop hosted() {
    EventLoop loop = hosted;
    return loop != null ? loop : (hosted = NettyLoops.host(netty()));
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    if (netty != null) {
      Batches.shutdown(netty); // terminating the executor closes the hosted loop
    }
    Batches.check(getClass().getSimpleName(), ran, expected);
  }

  // ---- lifecycle: create + 1 callback + complete, on the Netty thread.

  @Benchmark
  public long lifecycle_tandemOnNetty() {
    EventLoop loop = hosted();
    Batches.onHostedLoop(
        netty(),
        loop,
        () -> {
          for (int i = 0; i < Batches.SIZE; i++) {
            LoopFuture<Object> f = loop.createFuture();
            f.addDoneCallback(tandemCallback);
            f.setResult(VALUE);
          }
        });
    expected += Batches.SIZE;
    return ran;
  }

  @Benchmark
  public long lifecycle_nettyPromise() {
    DefaultEventLoop loop = netty();
    Batches.onNettyLoop(
        loop,
        () -> {
          for (int i = 0; i < Batches.SIZE; i++) {
            Promise<Object> f = new DefaultPromise<>(loop);
            f.addListener(nettyCallback);
            f.setSuccess(VALUE);
          }
        });
    expected += Batches.SIZE;
    return ran;
  }

  // ---- callSoon from the loop thread versus Netty's execute from its own thread.

  @Benchmark
  public long callSoon_tandemOnNetty() {
    EventLoop loop = hosted();
    Batches.onHostedLoop(
        netty(),
        loop,
        () -> {
          for (int i = 0; i < Batches.SIZE; i++) {
            loop.callSoon(increment);
          }
        });
    expected += Batches.SIZE;
    return ran;
  }

  @Benchmark
  public long callSoon_nettyExecute() {
    DefaultEventLoop loop = netty();
    Batches.onNettyLoop(
        loop,
        () -> {
          for (int i = 0; i < Batches.SIZE; i++) {
            loop.execute(increment);
          }
        });
    expected += Batches.SIZE;
    return ran;
  }
}
