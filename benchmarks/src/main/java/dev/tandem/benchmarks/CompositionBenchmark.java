package dev.tandem.benchmarks;

import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.common.util.concurrent.SettableFuture;
import dev.tandem.api.AsyncFuture;
import dev.tandem.api.EventLoop;
import dev.tandem.api.ExecutorFuture;
import dev.tandem.api.LoopFuture;
import dev.tandem.loop.LoopFutures;
import dev.tandem.threads.ExecutorCombinators;
import dev.tandem.threads.ExecutorFutures;
import dev.tandem.threads.SettableExecutorFuture;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GenericFutureListener;
import io.netty.util.concurrent.ImmediateEventExecutor;
import io.netty.util.concurrent.Promise;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import kotlin.Unit;
import kotlin.jvm.functions.Function1;
import kotlinx.coroutines.CompletableDeferred;
import kotlinx.coroutines.CompletableDeferredKt;
import kotlinx.coroutines.Job;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Family "composition": create a future, map it three times, observe the end with one callback,
 * complete the first, and the callback ran ({@code chain3_…}); and the settable executor future's
 * own life, create + one callback + complete ({@code settable_…}), against the futures users
 * complete themselves elsewhere.
 *
 * <p>Everything runs on the JMH thread and calls back inline. Each competitor uses its own way to
 * chain: Tandem {@link ExecutorCombinators#map}, {@code CompletableFuture.thenApply} (observed
 * with {@code whenComplete}), Guava {@code Futures.transform} on {@code directExecutor()}
 * (observed with {@code addListener}), and, since they have no map, Netty {@code DefaultPromise}s
 * and kotlinx {@code CompletableDeferred}s chained by hand, each step a listener completing the
 * next with the value (or the failure). Scores are per chain (or per future) and include the
 * callback running; callbacks count their runs, checked at the end of the trial.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(Batches.SIZE)
@State(Scope.Thread)
public class CompositionBenchmark {
  private static final Integer START = 1;

  private long ran;
  private long expected;

  private final Function<Integer, Integer> inc = v -> v + 1;
  private final com.google.common.base.Function<Integer, Integer> guavaInc = v -> v + 1;

  private Consumer<AsyncFuture<Integer>> tandemCallback;
  private BiConsumer<Integer, @Nullable Throwable> cfCallback;
  private Runnable guavaCallback;
  private GenericFutureListener<Future<Integer>> nettyCallback;
  private Function1<@Nullable Throwable, Unit> kotlinxCallback;

  @Setup(Level.Trial)
  public void setUp() {
    tandemCallback = f -> ran++;
    cfCallback = (v, t) -> ran++;
    guavaCallback = () -> ran++;
    nettyCallback = f -> ran++;
    kotlinxCallback =
        t -> {
          ran++;
          return Unit.INSTANCE;
        };
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    Batches.check(getClass().getSimpleName(), ran, expected);
  }

  // ---- create, map ×3, observe, complete

  @Benchmark
  public void chain3_tandemExecutor(Blackhole bh) {
    for (int i = 0; i < Batches.SIZE; i++) {
      SettableExecutorFuture<Integer> source = ExecutorFutures.settable();
      ExecutorFuture<Integer> end =
          ExecutorCombinators.map(
              ExecutorCombinators.map(ExecutorCombinators.map(source, inc), inc), inc);
      end.addDoneCallback(tandemCallback);
      source.setResult(START);
      bh.consume(end);
    }
    expected += Batches.SIZE;
  }

  private @Nullable EventLoop tandemLoop;

  private EventLoop tandemLoop() {
    EventLoop loop = tandemLoop;
    if (loop == null) {
      loop = tandemLoop = Tandem.newLoop();
    }
    return loop;
  }

  @TearDown(Level.Trial)
  public void closeLoop() {
    if (tandemLoop != null) {
      tandemLoop.close();
    }
  }

  /**
   * The loop-future chain on its loop thread, with {@link LoopFutures#map}: every step runs later,
   * from the loop's queue (the loop kind's rule), so the batch ends when the last chain's callback
   * ran, which (FIFO) is the last thing the batch queued.
   */
  @Benchmark
  public long chain3_tandemLoop() {
    EventLoop loop = tandemLoop();
    LoopFuture<@Nullable Void> batchDone = loop.createFuture();
    loop.callSoon(
        () -> {
          LoopFuture<Integer> end = null;
          for (int i = 0; i < Batches.SIZE; i++) {
            LoopFuture<Integer> source = loop.createFuture();
            end = LoopFutures.map(LoopFutures.map(LoopFutures.map(source, inc), inc), inc);
            end.addDoneCallback(tandemCallback);
            source.setResult(START);
          }
          end.addDoneCallback(f -> batchDone.setResult(null));
        });
    loop.runUntilComplete(batchDone);
    expected += Batches.SIZE;
    return ran;
  }

  @Benchmark
  public void chain3_cf(Blackhole bh) {
    for (int i = 0; i < Batches.SIZE; i++) {
      CompletableFuture<Integer> source = new CompletableFuture<>();
      CompletableFuture<Integer> end = source.thenApply(inc).thenApply(inc).thenApply(inc);
      end.whenComplete(cfCallback);
      source.complete(START);
      bh.consume(end);
    }
    expected += Batches.SIZE;
  }

  @Benchmark
  public void chain3_guava(Blackhole bh) {
    for (int i = 0; i < Batches.SIZE; i++) {
      SettableFuture<Integer> source = SettableFuture.create();
      ListenableFuture<Integer> end =
          Futures.transform(
              Futures.transform(
                  Futures.transform(source, guavaInc, MoreExecutors.directExecutor()),
                  guavaInc,
                  MoreExecutors.directExecutor()),
              guavaInc,
              MoreExecutors.directExecutor());
      end.addListener(guavaCallback, MoreExecutors.directExecutor());
      source.set(START);
      bh.consume(end);
    }
    expected += Batches.SIZE;
  }

  /** The next promise, completed by a listener on {@code from} with its value plus one. */
  private static Promise<Integer> nettyStep(Promise<Integer> from) {
    Promise<Integer> next = ImmediateEventExecutor.INSTANCE.newPromise();
    from.addListener(
        (Future<Integer> f) -> {
          if (f.isSuccess()) {
            next.setSuccess(f.getNow() + 1);
          } else {
            next.setFailure(f.cause());
          }
        });
    return next;
  }

  @Benchmark
  public void chain3_nettyByHand(Blackhole bh) {
    for (int i = 0; i < Batches.SIZE; i++) {
      Promise<Integer> source = ImmediateEventExecutor.INSTANCE.newPromise();
      Promise<Integer> end = nettyStep(nettyStep(nettyStep(source)));
      end.addListener(nettyCallback);
      source.setSuccess(START);
      bh.consume(end);
    }
    expected += Batches.SIZE;
  }

  /** The next deferred, completed on {@code from}'s completion with its value plus one. */
  private static CompletableDeferred<Integer> kotlinxStep(CompletableDeferred<Integer> from) {
    CompletableDeferred<Integer> next = CompletableDeferredKt.CompletableDeferred((Job) null);
    from.invokeOnCompletion(
        t -> {
          if (t == null) {
            next.complete(from.getCompleted() + 1);
          } else {
            next.completeExceptionally(t);
          }
          return Unit.INSTANCE;
        });
    return next;
  }

  @Benchmark
  public void chain3_kotlinxByHand(Blackhole bh) {
    for (int i = 0; i < Batches.SIZE; i++) {
      CompletableDeferred<Integer> source = CompletableDeferredKt.CompletableDeferred((Job) null);
      CompletableDeferred<Integer> end = kotlinxStep(kotlinxStep(kotlinxStep(source)));
      end.invokeOnCompletion(kotlinxCallback);
      source.complete(START);
      bh.consume(end);
    }
    expected += Batches.SIZE;
  }

  // ---- the settable executor future: create + 1 callback + complete

  @Benchmark
  public void settable_tandem(Blackhole bh) {
    for (int i = 0; i < Batches.SIZE; i++) {
      SettableExecutorFuture<Integer> f = ExecutorFutures.settable();
      f.addDoneCallback(tandemCallback);
      f.setResult(START);
      bh.consume(f);
    }
    expected += Batches.SIZE;
  }

  @Benchmark
  public void settable_guava(Blackhole bh) {
    for (int i = 0; i < Batches.SIZE; i++) {
      SettableFuture<Integer> f = SettableFuture.create();
      f.addListener(guavaCallback, MoreExecutors.directExecutor());
      f.set(START);
      bh.consume(f);
    }
    expected += Batches.SIZE;
  }

  @Benchmark
  public void settable_cf(Blackhole bh) {
    for (int i = 0; i < Batches.SIZE; i++) {
      CompletableFuture<Integer> f = new CompletableFuture<>();
      f.whenComplete(cfCallback);
      f.complete(START);
      bh.consume(f);
    }
    expected += Batches.SIZE;
  }
}
