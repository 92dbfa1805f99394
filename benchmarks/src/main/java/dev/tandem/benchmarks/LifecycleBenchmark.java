package dev.tandem.benchmarks;

import com.google.common.util.concurrent.MoreExecutors;
import com.google.common.util.concurrent.SettableFuture;
import dev.tandem.api.AsyncFuture;
import dev.tandem.api.ContextPropagator;
import dev.tandem.api.EventLoop;
import dev.tandem.api.LoopFuture;
import dev.tandem.threads.ExecutorFutures;
import dev.tandem.threads.SettableExecutorFuture;
import io.netty.channel.DefaultEventLoop;
import io.netty.util.concurrent.DefaultPromise;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GenericFutureListener;
import io.netty.util.concurrent.ImmediateEventExecutor;
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
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Family 1: a future's whole life on one thread — create it, add a callback, complete it, and the
 * callback ran. Variants: {@code listen} (add one callback, then complete), {@code
 * completeThenListen} (complete, then add one callback) and {@code eightCallbacks}.
 *
 * <p>Every score is per future and includes the callback actually running. Tandem's loop future
 * and Netty's {@code DefaultPromise} on a {@code DefaultEventLoop} live on their loop's thread, so
 * their batches run there (see {@link Batches}); Tandem runs its callbacks later, from the loop's
 * queue, and that queue is drained inside the measured batch. The other competitors complete on
 * the JMH thread and call back inline. Callbacks are allocated once per trial and count their runs;
 * the count is checked at the end of the trial, so a benchmark whose callbacks did not run fails.
 *
 * <p>{@code _tandemContext}: the same Tandem batch on a loop with context propagation on over one
 * {@code ThreadLocal} that holds a request id during the batch, so each future captures it at
 * creation, each callback at registration, and each callback restores it when it runs (the
 * off/on ratio is the cost of propagation; the target is at most 2). {@code
 * eightCallbacks_tandemContext} spreads the future's one creation capture over eight callbacks,
 * so its ratio is mostly what each callback pays.
 *
 * <p>{@code listen_tandemSettable}: the executor side, a settable executor future ({@code
 * ExecutorFutures.settable()}) on the JMH thread, whose callback runs inline when it is completed;
 * {@code listen_tandemSettableContext}: the same from {@code ExecutorFutures.settable(propagator)}
 * over the same one {@code ThreadLocal}, which holds the request id during the batch, so each
 * callback captures it at registration and opens it around its run.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(Batches.SIZE)
@State(Scope.Thread)
public class LifecycleBenchmark {
  private static final Object VALUE = "value";
  private static final int EIGHT = 8;

  private long ran;
  private long expected;

  private @Nullable EventLoop tandemLoop;
  private @Nullable EventLoop tandemContextLoop;
  private @Nullable DefaultEventLoop nettyLoop;

  // One callback per competitor (and eight for the eight-callback variant), made once.
  private Consumer<AsyncFuture<Object>>[] tandemCallbacks;
  private BiConsumer<Object, @Nullable Throwable>[] cfCallbacks;
  private Runnable[] guavaCallbacks;
  private GenericFutureListener<Future<Object>>[] nettyCallbacks;
  private Function1<@Nullable Throwable, Unit>[] kotlinxCallbacks;

  private Runnable tandemListen, tandemCompleteThenListen, tandemEight;
  private Runnable contextListen, contextCompleteThenListen, contextEight;
  private final ContextPropagator propagator = ContextPropagator.ofThreadLocals(Tandem.REQUEST);
  private Runnable nettyListen, nettyCompleteThenListen, nettyEight;

  @Setup(Level.Trial)
  @SuppressWarnings({"unchecked", "rawtypes"})
  public void setUp() {
    tandemCallbacks = new Consumer[EIGHT];
    cfCallbacks = new BiConsumer[EIGHT];
    guavaCallbacks = new Runnable[EIGHT];
    nettyCallbacks = new GenericFutureListener[EIGHT];
    kotlinxCallbacks = new Function1[EIGHT];
    for (int i = 0; i < EIGHT; i++) {
      tandemCallbacks[i] = f -> ran++;
      cfCallbacks[i] = (v, t) -> ran++;
      guavaCallbacks[i] = () -> ran++;
      nettyCallbacks[i] = f -> ran++;
      kotlinxCallbacks[i] =
          t -> {
            ran++;
            return Unit.INSTANCE;
          };
    }
    tandemListen = () -> tandemBatch(false, 1);
    tandemCompleteThenListen = () -> tandemBatch(true, 1);
    tandemEight = () -> tandemBatch(false, EIGHT);
    contextListen = () -> inRequest(() -> tandemBatch(tandemContextLoop, false, 1));
    contextCompleteThenListen = () -> inRequest(() -> tandemBatch(tandemContextLoop, true, 1));
    contextEight = () -> inRequest(() -> tandemBatch(tandemContextLoop, false, EIGHT));
    nettyListen = () -> nettyBatch(false, 1);
    nettyCompleteThenListen = () -> nettyBatch(true, 1);
    nettyEight = () -> nettyBatch(false, EIGHT);
  }

  private EventLoop tandemLoop() {
    EventLoop loop = tandemLoop;
    if (loop == null) {
      loop = tandemLoop = Tandem.newLoop();
    }
    return loop;
  }

  private EventLoop tandemContextLoop() {
    EventLoop loop = tandemContextLoop;
    if (loop == null) {
      loop = tandemContextLoop = Tandem.newContextLoop();
    }
    return loop;
  }

  /** Runs {@code batch} with the request id set on this (the loop) thread. */
  private static void inRequest(Runnable batch) {
    Tandem.REQUEST.set(Tandem.REQUEST_ID);
    try {
      batch.run();
    } finally {
      Tandem.REQUEST.remove();
    }
  }

  private DefaultEventLoop nettyLoop() {
    DefaultEventLoop loop = nettyLoop;
    if (loop == null) {
      loop = nettyLoop = new DefaultEventLoop();
    }
    return loop;
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    if (tandemLoop != null) {
      tandemLoop.close();
    }
    if (tandemContextLoop != null) {
      tandemContextLoop.close();
    }
    if (nettyLoop != null) {
      Batches.shutdown(nettyLoop);
    }
    Batches.check(getClass().getSimpleName(), ran, expected);
  }

  // ---- Tandem: loop future, on the loop thread; callbacks run from the loop's queue.

  private void tandemBatch(boolean completeFirst, int callbacks) {
    tandemBatch(tandemLoop, completeFirst, callbacks);
  }

  private void tandemBatch(EventLoop loop, boolean completeFirst, int callbacks) {
    for (int i = 0; i < Batches.SIZE; i++) {
      LoopFuture<Object> f = loop.createFuture();
      if (completeFirst) {
        f.setResult(VALUE);
      }
      for (int c = 0; c < callbacks; c++) {
        f.addDoneCallback(tandemCallbacks[c]);
      }
      if (!completeFirst) {
        f.setResult(VALUE);
      }
    }
    expected += (long) Batches.SIZE * callbacks;
  }

  @Benchmark
  public long listen_tandem() {
    Batches.onTandemLoop(tandemLoop(), tandemListen);
    return ran;
  }

  @Benchmark
  public long completeThenListen_tandem() {
    Batches.onTandemLoop(tandemLoop(), tandemCompleteThenListen);
    return ran;
  }

  @Benchmark
  public long listen_tandemContext() {
    Batches.onTandemLoop(tandemContextLoop(), contextListen);
    return ran;
  }

  @Benchmark
  public long completeThenListen_tandemContext() {
    Batches.onTandemLoop(tandemContextLoop(), contextCompleteThenListen);
    return ran;
  }

  @Benchmark
  public long eightCallbacks_tandem() {
    Batches.onTandemLoop(tandemLoop(), tandemEight);
    return ran;
  }

  @Benchmark
  public long eightCallbacks_tandemContext() {
    Batches.onTandemLoop(tandemContextLoop(), contextEight);
    return ran;
  }

  // ---- Tandem: settable executor future, on the JMH thread; the callback runs inline.

  private void tandemSettable(Blackhole bh, ContextPropagator p) {
    for (int i = 0; i < Batches.SIZE; i++) {
      SettableExecutorFuture<Object> f = ExecutorFutures.settable(p);
      f.addDoneCallback(tandemCallbacks[0]);
      f.setResult(VALUE);
      bh.consume(f);
    }
    expected += Batches.SIZE;
  }

  @Benchmark
  public void listen_tandemSettable(Blackhole bh) {
    tandemSettable(bh, ContextPropagator.none());
  }

  @Benchmark
  public void listen_tandemSettableContext(Blackhole bh) {
    Tandem.REQUEST.set(Tandem.REQUEST_ID);
    try {
      tandemSettable(bh, propagator);
    } finally {
      Tandem.REQUEST.remove();
    }
  }

  // ---- Netty DefaultPromise on a DefaultEventLoop, on the loop thread: listeners run inline.

  private void nettyBatch(boolean completeFirst, int callbacks) {
    DefaultEventLoop loop = nettyLoop;
    for (int i = 0; i < Batches.SIZE; i++) {
      Promise<Object> f = new DefaultPromise<>(loop);
      if (completeFirst) {
        f.setSuccess(VALUE);
      }
      for (int c = 0; c < callbacks; c++) {
        f.addListener(nettyCallbacks[c]);
      }
      if (!completeFirst) {
        f.setSuccess(VALUE);
      }
    }
    expected += (long) Batches.SIZE * callbacks;
  }

  @Benchmark
  public long listen_nettyLoop() {
    Batches.onNettyLoop(nettyLoop(), nettyListen);
    return ran;
  }

  @Benchmark
  public long completeThenListen_nettyLoop() {
    Batches.onNettyLoop(nettyLoop(), nettyCompleteThenListen);
    return ran;
  }

  @Benchmark
  public long eightCallbacks_nettyLoop() {
    Batches.onNettyLoop(nettyLoop(), nettyEight);
    return ran;
  }

  // ---- Netty DefaultPromise on ImmediateEventExecutor, on the JMH thread.

  private void nettyImmediate(Blackhole bh, boolean completeFirst, int callbacks) {
    for (int i = 0; i < Batches.SIZE; i++) {
      Promise<Object> f = ImmediateEventExecutor.INSTANCE.newPromise();
      if (completeFirst) {
        f.setSuccess(VALUE);
      }
      for (int c = 0; c < callbacks; c++) {
        f.addListener(nettyCallbacks[c]);
      }
      if (!completeFirst) {
        f.setSuccess(VALUE);
      }
      bh.consume(f);
    }
    expected += (long) Batches.SIZE * callbacks;
  }

  @Benchmark
  public void listen_nettyImmediate(Blackhole bh) {
    nettyImmediate(bh, false, 1);
  }

  @Benchmark
  public void completeThenListen_nettyImmediate(Blackhole bh) {
    nettyImmediate(bh, true, 1);
  }

  @Benchmark
  public void eightCallbacks_nettyImmediate(Blackhole bh) {
    nettyImmediate(bh, false, EIGHT);
  }

  // ---- CompletableFuture, whenComplete, on the JMH thread.

  private void cf(Blackhole bh, boolean completeFirst, int callbacks) {
    for (int i = 0; i < Batches.SIZE; i++) {
      CompletableFuture<Object> f = new CompletableFuture<>();
      if (completeFirst) {
        f.complete(VALUE);
      }
      for (int c = 0; c < callbacks; c++) {
        f.whenComplete(cfCallbacks[c]);
      }
      if (!completeFirst) {
        f.complete(VALUE);
      }
      bh.consume(f);
    }
    expected += (long) Batches.SIZE * callbacks;
  }

  @Benchmark
  public void listen_cf(Blackhole bh) {
    cf(bh, false, 1);
  }

  @Benchmark
  public void completeThenListen_cf(Blackhole bh) {
    cf(bh, true, 1);
  }

  @Benchmark
  public void eightCallbacks_cf(Blackhole bh) {
    cf(bh, false, EIGHT);
  }

  // ---- Guava SettableFuture, listener on directExecutor(), on the JMH thread.

  private void guava(Blackhole bh, boolean completeFirst, int callbacks) {
    for (int i = 0; i < Batches.SIZE; i++) {
      SettableFuture<Object> f = SettableFuture.create();
      if (completeFirst) {
        f.set(VALUE);
      }
      for (int c = 0; c < callbacks; c++) {
        f.addListener(guavaCallbacks[c], MoreExecutors.directExecutor());
      }
      if (!completeFirst) {
        f.set(VALUE);
      }
      bh.consume(f);
    }
    expected += (long) Batches.SIZE * callbacks;
  }

  @Benchmark
  public void listen_guava(Blackhole bh) {
    guava(bh, false, 1);
  }

  @Benchmark
  public void completeThenListen_guava(Blackhole bh) {
    guava(bh, true, 1);
  }

  @Benchmark
  public void eightCallbacks_guava(Blackhole bh) {
    guava(bh, false, EIGHT);
  }

  // ---- kotlinx CompletableDeferred, invokeOnCompletion, on the JMH thread.

  private void kotlinx(Blackhole bh, boolean completeFirst, int callbacks) {
    for (int i = 0; i < Batches.SIZE; i++) {
      CompletableDeferred<Object> f = CompletableDeferredKt.CompletableDeferred((Job) null);
      if (completeFirst) {
        f.complete(VALUE);
      }
      for (int c = 0; c < callbacks; c++) {
        f.invokeOnCompletion(kotlinxCallbacks[c]);
      }
      if (!completeFirst) {
        f.complete(VALUE);
      }
      bh.consume(f);
    }
    expected += (long) Batches.SIZE * callbacks;
  }

  @Benchmark
  public void listen_kotlinx(Blackhole bh) {
    kotlinx(bh, false, 1);
  }

  @Benchmark
  public void completeThenListen_kotlinx(Blackhole bh) {
    kotlinx(bh, true, 1);
  }

  @Benchmark
  public void eightCallbacks_kotlinx(Blackhole bh) {
    kotlinx(bh, false, EIGHT);
  }
}
