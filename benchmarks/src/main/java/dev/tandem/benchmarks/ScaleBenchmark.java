package dev.tandem.benchmarks;

import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.common.util.concurrent.SettableFuture;
import dev.tandem.api.DoneAndNotDone;
import dev.tandem.api.EventLoop;
import dev.tandem.api.LoopFuture;
import dev.tandem.api.ReturnWhen;
import dev.tandem.loop.LoopFutures;
import io.netty.util.concurrent.DefaultPromise;
import io.netty.util.concurrent.ImmediateEventExecutor;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.PromiseCombiner;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import kotlin.coroutines.EmptyCoroutineContext;
import kotlinx.coroutines.AwaitKt;
import kotlinx.coroutines.BuildersKt;
import kotlinx.coroutines.CompletableDeferred;
import kotlinx.coroutines.CompletableDeferredKt;
import kotlinx.coroutines.Job;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Family 7: group operations over {@code n} pending futures, at 10,000 and 100,000 (the ratio of
 * the two scores shows whether the cost is linear: 10× the futures should cost about 10× the
 * time). One operation: combine {@code n} pending futures, complete every one of them, and see the
 * combined result. Making the pending futures is set-up and not measured.
 *
 * <ul>
 *   <li>{@code gather}: all results in input order. Tandem's gather versus {@code
 *       CompletableFuture.allOf}, Guava's {@code Futures.allAsList}, Netty's {@code
 *       PromiseCombiner} and kotlinx's {@code awaitAll}.
 *   <li>{@code wait}: wait for all, then the done set. Tandem's wait(ALL_COMPLETED) versus Guava's
 *       {@code whenAllComplete}.
 *   <li>{@code asCompleted}: futures in completion order. Tandem's as-completed versus Guava's
 *       {@code Futures.inCompletionOrder}.
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
public class ScaleBenchmark {
  private static final Integer VALUE = 1;

  @Param({"10000", "100000"})
  public int n;

  /**
   * N pending loop futures on an idle loop, new for every invocation. The benchmark combines and
   * completes them while the loop is idle, then runs the loop on the JMH thread until the
   * combined future is done.
   */
  @State(Scope.Thread)
  public static class TandemInputs {
    EventLoop loop;
    List<LoopFuture<Integer>> futures;

    @Setup(Level.Trial)
    public void start() {
      loop = Tandem.newLoop();
    }

    @Setup(Level.Invocation)
    public void make(ScaleBenchmark b) {
      futures = new ArrayList<>(b.n);
      for (int i = 0; i < b.n; i++) {
        futures.add(loop.createFuture());
      }
    }

    @TearDown(Level.Trial)
    public void close() {
      loop.close();
    }
  }

  /** N pending CompletableFutures, new for every invocation. */
  @State(Scope.Thread)
  public static class CfInputs {
    CompletableFuture<Integer>[] futures;

    @Setup(Level.Invocation)
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void make(ScaleBenchmark b) {
      futures = new CompletableFuture[b.n];
      for (int i = 0; i < b.n; i++) {
        futures[i] = new CompletableFuture<>();
      }
    }
  }

  /** N pending SettableFutures, new for every invocation. */
  @State(Scope.Thread)
  public static class GuavaInputs {
    List<SettableFuture<Integer>> futures;

    @Setup(Level.Invocation)
    public void make(ScaleBenchmark b) {
      futures = new ArrayList<>(b.n);
      for (int i = 0; i < b.n; i++) {
        futures.add(SettableFuture.create());
      }
    }
  }

  /** N pending Netty promises on ImmediateEventExecutor, new for every invocation. */
  @State(Scope.Thread)
  public static class NettyInputs {
    Promise<Integer>[] futures;

    @Setup(Level.Invocation)
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void make(ScaleBenchmark b) {
      futures = new Promise[b.n];
      for (int i = 0; i < b.n; i++) {
        futures[i] = new DefaultPromise<>(ImmediateEventExecutor.INSTANCE);
      }
    }
  }

  /** N pending CompletableDeferreds, new for every invocation. */
  @State(Scope.Thread)
  public static class KotlinxInputs {
    List<CompletableDeferred<Integer>> futures;

    @Setup(Level.Invocation)
    public void make(ScaleBenchmark b) {
      futures = new ArrayList<>(b.n);
      for (int i = 0; i < b.n; i++) {
        futures.add(CompletableDeferredKt.CompletableDeferred((Job) null));
      }
    }
  }

  // ---- gather

  @Benchmark
  public Object gather_tandem(TandemInputs in) {
    LoopFuture<List<Integer>> all = LoopFutures.gather(in.loop, in.futures);
    for (LoopFuture<Integer> f : in.futures) {
      f.setResult(VALUE);
    }
    return in.loop.runUntilComplete(all);
  }

  @Benchmark
  public Object gather_cf(CfInputs in) {
    CompletableFuture<Void> all = CompletableFuture.allOf(in.futures);
    for (CompletableFuture<Integer> f : in.futures) {
      f.complete(VALUE);
    }
    all.join();
    List<Integer> values = new ArrayList<>(in.futures.length);
    for (CompletableFuture<Integer> f : in.futures) {
      values.add(f.join());
    }
    return values;
  }

  @Benchmark
  public Object gather_guava(GuavaInputs in) {
    ListenableFuture<List<Integer>> all = Futures.allAsList(in.futures);
    for (SettableFuture<Integer> f : in.futures) {
      f.set(VALUE);
    }
    return Futures.getUnchecked(all);
  }

  @Benchmark
  public Object gather_nettyImmediate(NettyInputs in) {
    PromiseCombiner combiner = new PromiseCombiner(ImmediateEventExecutor.INSTANCE);
    for (Promise<Integer> f : in.futures) {
      combiner.add((io.netty.util.concurrent.Future<Integer>) f); // add(Promise) is deprecated
    }
    Promise<Void> all = ImmediateEventExecutor.INSTANCE.newPromise();
    combiner.finish(all);
    for (Promise<Integer> f : in.futures) {
      f.setSuccess(VALUE);
    }
    if (!all.isSuccess()) {
      throw new IllegalStateException("PromiseCombiner did not finish");
    }
    List<Integer> values = new ArrayList<>(in.futures.length);
    for (Promise<Integer> f : in.futures) {
      values.add(f.getNow());
    }
    return values;
  }

  /**
   * kotlinx's awaitAll inside runBlocking: awaitAll suspends (none is done yet), then this
   * coroutine's own code completes the deferreds, and the event loop of runBlocking resumes it.
   */
  @Benchmark
  public Object gather_kotlinx(KotlinxInputs in) throws InterruptedException {
    List<CompletableDeferred<Integer>> futures = in.futures;
    return BuildersKt.runBlocking(
        EmptyCoroutineContext.INSTANCE,
        (scope, cont) -> {
          Object r = AwaitKt.awaitAll(futures, cont);
          for (CompletableDeferred<Integer> f : futures) {
            f.complete(VALUE);
          }
          return r;
        });
  }

  // ---- wait(ALL_COMPLETED)

  @Benchmark
  public Object wait_tandem(TandemInputs in) {
    LoopFuture<DoneAndNotDone<LoopFuture<Integer>>> all =
        LoopFutures.wait(in.loop, in.futures, ReturnWhen.ALL_COMPLETED, null);
    for (LoopFuture<Integer> f : in.futures) {
      f.setResult(VALUE);
    }
    return in.loop.runUntilComplete(all).done();
  }

  @Benchmark
  public Object wait_guava(GuavaInputs in) {
    List<SettableFuture<Integer>> futures = in.futures;
    ListenableFuture<List<SettableFuture<Integer>>> all =
        Futures.whenAllComplete(futures).call(() -> futures, MoreExecutors.directExecutor());
    for (SettableFuture<Integer> f : futures) {
      f.set(VALUE);
    }
    return Futures.getUnchecked(all);
  }

  // ---- as-completed

  @Benchmark
  public void asCompleted_tandem(TandemInputs in, Blackhole bh) {
    List<LoopFuture<Integer>> futures = in.futures;
    List<LoopFuture<Integer>> ordered = LoopFutures.asCompleted(in.loop, futures, null);
    for (int i = futures.size() - 1; i >= 0; i--) {
      futures.get(i).setResult(i);
    }
    in.loop.runUntilComplete(ordered.get(ordered.size() - 1));
    for (LoopFuture<Integer> f : ordered) {
      bh.consume(f.result());
    }
  }

  @Benchmark
  public void asCompleted_guava(GuavaInputs in, Blackhole bh) {
    List<SettableFuture<Integer>> futures = in.futures;
    List<ListenableFuture<Integer>> ordered = Futures.inCompletionOrder(futures);
    for (int i = futures.size() - 1; i >= 0; i--) {
      futures.get(i).set(i);
    }
    for (ListenableFuture<Integer> f : ordered) {
      bh.consume(Futures.getUnchecked(f));
    }
  }
}
