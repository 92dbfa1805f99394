package dev.tandem.benchmarks;

import com.google.common.util.concurrent.MoreExecutors;
import com.google.common.util.concurrent.SettableFuture;
import dev.tandem.api.AsyncFuture;
import dev.tandem.api.EventLoop;
import dev.tandem.api.LoopFuture;
import io.netty.channel.DefaultEventLoop;
import io.netty.util.concurrent.DefaultPromise;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GenericFutureListener;
import io.netty.util.concurrent.Promise;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
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
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Family 7, first half: one loop holding {@code count} (1,000,000) pending futures at once, each
 * with one callback, then completing all of them; the score is the time for the whole million
 * (create, hold, complete, every callback ran). Tandem and Netty's promises live on their loop's
 * thread; the others on the JMH thread.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Thread)
public class MillionPendingBenchmark {
  private static final Object VALUE = "value";

  @Param({"1000000"})
  public int count;

  private long ran;
  private long expected;
  private @Nullable EventLoop tandemLoop;
  private @Nullable DefaultEventLoop nettyLoop;

  private final Consumer<AsyncFuture<Object>> tandemCallback = f -> ran++;
  private final GenericFutureListener<Future<Object>> nettyCallback = f -> ran++;
  private final BiConsumer<Object, @Nullable Throwable> cfCallback = (v, t) -> ran++;
  private final Runnable guavaCallback = () -> ran++;
  private final Function1<@Nullable Throwable, Unit> kotlinxCallback =
      t -> {
        ran++;
        return Unit.INSTANCE;
      };

  @TearDown(Level.Trial)
  public void tearDown() {
    if (tandemLoop != null) {
      tandemLoop.close();
    }
    if (nettyLoop != null) {
      Batches.shutdown(nettyLoop);
    }
    Batches.check(getClass().getSimpleName(), ran, expected);
  }

  @Benchmark
  public long hold_tandem() {
    EventLoop loop = tandemLoop;
    if (loop == null) {
      loop = tandemLoop = Tandem.newLoop();
    }
    EventLoop l = loop;
    Batches.onTandemLoop(
        l,
        () -> {
          @SuppressWarnings({"unchecked", "rawtypes"})
          LoopFuture<Object>[] futures = new LoopFuture[count];
          for (int i = 0; i < count; i++) {
            LoopFuture<Object> f = l.createFuture();
            f.addDoneCallback(tandemCallback);
            futures[i] = f;
          }
          for (LoopFuture<Object> f : futures) {
            f.setResult(VALUE);
          }
        });
    expected += count;
    return ran;
  }

  @Benchmark
  public long hold_nettyLoop() {
    DefaultEventLoop loop = nettyLoop;
    if (loop == null) {
      loop = nettyLoop = new DefaultEventLoop();
    }
    DefaultEventLoop l = loop;
    Batches.onNettyLoop(
        l,
        () -> {
          @SuppressWarnings({"unchecked", "rawtypes"})
          Promise<Object>[] futures = new Promise[count];
          for (int i = 0; i < count; i++) {
            Promise<Object> f = new DefaultPromise<>(l);
            f.addListener(nettyCallback);
            futures[i] = f;
          }
          for (Promise<Object> f : futures) {
            f.setSuccess(VALUE);
          }
        });
    expected += count;
    return ran;
  }

  @Benchmark
  public long hold_cf() {
    @SuppressWarnings({"unchecked", "rawtypes"})
    CompletableFuture<Object>[] futures = new CompletableFuture[count];
    for (int i = 0; i < count; i++) {
      CompletableFuture<Object> f = new CompletableFuture<>();
      f.whenComplete(cfCallback);
      futures[i] = f;
    }
    for (CompletableFuture<Object> f : futures) {
      f.complete(VALUE);
    }
    expected += count;
    return ran;
  }

  @Benchmark
  public long hold_guava() {
    @SuppressWarnings({"unchecked", "rawtypes"})
    SettableFuture<Object>[] futures = new SettableFuture[count];
    for (int i = 0; i < count; i++) {
      SettableFuture<Object> f = SettableFuture.create();
      f.addListener(guavaCallback, MoreExecutors.directExecutor());
      futures[i] = f;
    }
    for (SettableFuture<Object> f : futures) {
      f.set(VALUE);
    }
    expected += count;
    return ran;
  }

  @Benchmark
  public long hold_kotlinx() {
    @SuppressWarnings({"unchecked", "rawtypes"})
    CompletableDeferred<Object>[] futures = new CompletableDeferred[count];
    for (int i = 0; i < count; i++) {
      CompletableDeferred<Object> f = CompletableDeferredKt.CompletableDeferred((Job) null);
      f.invokeOnCompletion(kotlinxCallback);
      futures[i] = f;
    }
    for (CompletableDeferred<Object> f : futures) {
      f.complete(VALUE);
    }
    expected += count;
    return ran;
  }
}
