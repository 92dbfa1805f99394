package dev.tandem.benchmarks;

import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.SettableFuture;
import dev.tandem.api.EventLoop;
import dev.tandem.api.ExecutorFuture;
import dev.tandem.api.LoopFuture;
import dev.tandem.loop.BackgroundLoop;
import dev.tandem.threads.ExecutorFutures;
import dev.tandem.threads.SettableExecutorFuture;
import dev.tandem.threads.FutureExecutor;
import io.netty.channel.DefaultEventLoop;
import io.netty.util.concurrent.DefaultPromise;
import io.netty.util.concurrent.Promise;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.time.Duration;
import kotlin.Unit;
import kotlin.coroutines.EmptyCoroutineContext;
import kotlinx.coroutines.BuildersKt;
import kotlinx.coroutines.CompletableDeferred;
import kotlinx.coroutines.CompletableDeferredKt;
import kotlinx.coroutines.Job;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Family 2: cross-thread hand-off, as a ping-pong round trip. The JMH thread completes a "ping"
 * future; a callback on the peer thread (an event loop or a single-thread executor) observes it
 * and completes a "pong" future; the JMH thread observes the pong with the library's own blocking
 * wait. One operation is one round trip: two hand-offs, usually two thread wake-ups.
 *
 * <p>Tandem's loop futures belong to their loop, so in Tandem the other thread's half goes through
 * {@code callSoonThreadsafe}: the JMH thread hands the completion of a loop future to the loop,
 * the future's done callback (run by the loop) completes an executor future, and the JMH thread
 * waits on that with {@code result(Duration)}. Variant {@code submitGet} is the plain executor
 * round trip: Tandem's {@code FutureExecutor.submit(..).result(..)} versus a single-thread {@code
 * ExecutorService.submit(..).get()}. {@code pingPong_tandemSettable} is the same round trip on
 * Tandem's settable executor future, whose done callback hands the pong to the peer executor as
 * the CompletableFuture, Guava and kotlinx rows do.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class HandoffBenchmark {
  private int next;

  private static final Duration WAIT = Duration.ofSeconds(30);

  private @Nullable ExecutorService peer;
  private @Nullable DefaultEventLoop nettyLoop;
  private @Nullable BackgroundLoop tandemLoop;
  private @Nullable FutureExecutor tandemExecutor;

  private EventLoop tandemLoop() {
    BackgroundLoop loop = tandemLoop;
    if (loop == null) {
      loop = tandemLoop = Tandem.startBackgroundLoop("handoff-tandem-loop");
    }
    return loop.loop();
  }

  private FutureExecutor tandemExecutor() {
    FutureExecutor e = tandemExecutor;
    if (e == null) {
      e = tandemExecutor = FutureExecutor.newFixedPool(1, "handoff-tandem");
    }
    return e;
  }

  private ExecutorService peer() {
    ExecutorService p = peer;
    if (p == null) {
      p = peer = Executors.newSingleThreadExecutor(r -> daemon(r, "handoff-peer"));
    }
    return p;
  }

  private DefaultEventLoop nettyLoop() {
    DefaultEventLoop loop = nettyLoop;
    if (loop == null) {
      loop = nettyLoop = new DefaultEventLoop();
    }
    return loop;
  }

  static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  @Setup(Level.Trial)
  public void setUp() {
    next = 0;
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    if (peer != null) {
      Batches.shutdown(peer);
    }
    if (nettyLoop != null) {
      Batches.shutdown(nettyLoop);
    }
    if (tandemLoop != null) {
      tandemLoop.close();
    }
    if (tandemExecutor != null) {
      tandemExecutor.shutdown(true, false);
    }
  }

  /**
   * Tandem: the loop completes a loop future handed to it by callSoonThreadsafe; its done
   * callback completes an executor future that the JMH thread waits on.
   */
  @Benchmark
  public Integer pingPong_tandem() throws InterruptedException, TimeoutException {
    EventLoop loop = tandemLoop();
    CompletableFuture<Integer> pongSource = new CompletableFuture<>();
    ExecutorFuture<Integer> pong = ExecutorFutures.from(pongSource);
    int v = next++;
    loop.callSoonThreadsafe(
        () -> {
          LoopFuture<Integer> ping = loop.createFuture();
          ping.addDoneCallback(f -> pongSource.complete(f.result() + 1));
          ping.setResult(v);
        });
    return pong.result(WAIT);
  }

  /**
   * Tandem's settable executor future, as the CompletableFuture and Guava rows do it: a done
   * callback of the ping hands the pong's completion to the peer executor (executor futures call
   * back in the completing thread, so the hop is the callback's own {@code execute}); the JMH
   * thread waits on the pong with {@code result(Duration)}.
   */
  @Benchmark
  public Integer pingPong_tandemSettable() throws InterruptedException, TimeoutException {
    ExecutorService p = peer();
    SettableExecutorFuture<Integer> ping = ExecutorFutures.settable();
    SettableExecutorFuture<Integer> pong = ExecutorFutures.settable();
    ping.addDoneCallback(f -> p.execute(() -> pong.setResult(f.result() + 1)));
    ping.setResult(next++);
    return pong.result(WAIT);
  }

  /** Tandem's FutureExecutor with one thread: submit a task, wait for its result. */
  @Benchmark
  public Integer submitGet_tandem() throws InterruptedException, TimeoutException {
    int v = next++;
    return tandemExecutor().submit(() -> v + 1).result(WAIT);
  }

  /** CompletableFuture: whenCompleteAsync on the peer executor; join() for the pong. */
  @Benchmark
  public Integer pingPong_cf() {
    CompletableFuture<Integer> ping = new CompletableFuture<>();
    CompletableFuture<Integer> pong = new CompletableFuture<>();
    ping.whenCompleteAsync((v, t) -> pong.complete(v + 1), peer());
    ping.complete(next++);
    return pong.join();
  }

  /** Guava: a listener on the peer executor; get() for the pong. */
  @Benchmark
  public Integer pingPong_guava() throws InterruptedException, ExecutionException {
    SettableFuture<Integer> ping = SettableFuture.create();
    SettableFuture<Integer> pong = SettableFuture.create();
    ping.addListener(() -> pong.set(Futures.getUnchecked(ping) + 1), peer());
    ping.set(next++);
    return pong.get();
  }

  /** Netty: promises of a DefaultEventLoop, whose listener runs on the loop; sync() for the pong. */
  @Benchmark
  public Integer pingPong_nettyLoop() {
    DefaultEventLoop loop = nettyLoop();
    Promise<Integer> ping = new DefaultPromise<>(loop);
    Promise<Integer> pong = new DefaultPromise<>(loop);
    ping.addListener(f -> pong.setSuccess(ping.getNow() + 1));
    ping.setSuccess(next++);
    return pong.syncUninterruptibly().getNow();
  }

  /**
   * kotlinx: a completion handler that hops onto the peer executor; the JMH thread awaits the pong
   * in {@code runBlocking}, as a Java caller of a coroutine library would.
   */
  @Benchmark
  public Object pingPong_kotlinx() throws InterruptedException {
    ExecutorService p = peer();
    CompletableDeferred<Integer> ping = CompletableDeferredKt.CompletableDeferred((Job) null);
    CompletableDeferred<Integer> pong = CompletableDeferredKt.CompletableDeferred((Job) null);
    ping.invokeOnCompletion(
        t -> {
          p.execute(() -> pong.complete(ping.getCompleted() + 1));
          return Unit.INSTANCE;
        });
    ping.complete(next++);
    return BuildersKt.runBlocking(EmptyCoroutineContext.INSTANCE, (scope, cont) -> pong.await(cont));
  }

  /** A single-thread ExecutorService: submit a task, get() its FutureTask. */
  @Benchmark
  public Integer submitGet_executor() throws InterruptedException, ExecutionException {
    int v = next++;
    return peer().submit(() -> v + 1).get();
  }
}
