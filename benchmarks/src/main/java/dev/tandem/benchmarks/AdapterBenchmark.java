package dev.tandem.benchmarks;

import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.ListeningExecutorService;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.common.util.concurrent.SettableFuture;
import dev.tandem.api.AsyncFuture;
import dev.tandem.api.ExecutorFuture;
import dev.tandem.threads.ExecutorFutures;
import dev.tandem.threads.FutureExecutor;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
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
 * Family 4: what Tandem's executor-future adapters and views add to the future they wrap. Each
 * variant does the same operation twice: {@code _raw} on the {@code CompletableFuture} / {@code
 * ListenableFuture} alone, {@code _tandem} through {@code ExecutorFutures.from(..)} or an {@code
 * as..} view. The target is Tandem ≤ 1.15 × raw.
 *
 * <ul>
 *   <li>{@code fromCfListen}: make a {@code CompletableFuture}, add one callback, complete it.
 *       Tandem adapts it with {@code from} and adds a done callback to the adapter.
 *   <li>{@code fromCfResult}: make one, complete it, read the result ({@code join} versus the
 *       adapter's {@code result()}).
 *   <li>{@code fromLfListen} / {@code fromLfResult}: the same for a Guava {@code SettableFuture}
 *       (listener on {@code directExecutor()}; {@code Futures.getDone} versus {@code result()}).
 *   <li>{@code asCfThenApply}: run a task on a direct executor and chain one {@code thenApply}:
 *       {@code CompletableFuture.supplyAsync} versus Tandem's {@code FutureExecutor.submit} seen
 *       through {@code asCompletableFuture}. Both sides run the task on the same kind of
 *       executor, Guava's {@code MoreExecutors.newDirectExecutorService()} (the one the Tandem
 *       executor wraps), so the difference is Tandem's task future and view, not the executor.
 *   <li>{@code asLfListen}: run a task on a direct executor and add one listener: Guava's
 *       listening executor versus {@code FutureExecutor.submit} seen through {@code
 *       asListenableFuture}; both run the task on a {@code newDirectExecutorService()} and add
 *       the listener with {@code directExecutor()}.
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class AdapterBenchmark {
  private static final Integer VALUE = 42;

  private long ran;
  private long expected;

  private final BiConsumer<Integer, @Nullable Throwable> cfCallback = (v, t) -> ran++;
  private final Consumer<AsyncFuture<Integer>> tandemCallback = f -> ran++;
  private final Runnable guavaCallback = () -> ran++;
  private final Function<Integer, Integer> plusOne = v -> v + 1;
  private final Executor direct = MoreExecutors.directExecutor();

  private ListeningExecutorService guavaDirect;
  private ExecutorService cfDirect;
  private FutureExecutor tandemDirect;

  @Setup(Level.Trial)
  public void setUp() {
    guavaDirect = MoreExecutors.newDirectExecutorService();
    cfDirect = MoreExecutors.newDirectExecutorService();
    tandemDirect = FutureExecutor.wrapping(MoreExecutors.newDirectExecutorService());
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    guavaDirect.shutdown();
    cfDirect.shutdown();
    tandemDirect.shutdown(true, false);
    Batches.check(getClass().getSimpleName(), ran, expected);
  }

  // ---- from(CompletableFuture)

  @Benchmark
  public Object fromCfListen_raw() {
    CompletableFuture<Integer> cf = new CompletableFuture<>();
    cf.whenComplete(cfCallback);
    cf.complete(VALUE);
    expected++;
    return cf;
  }

  @Benchmark
  public Object fromCfListen_tandem() {
    CompletableFuture<Integer> cf = new CompletableFuture<>();
    ExecutorFuture<Integer> f = ExecutorFutures.from(cf);
    f.addDoneCallback(tandemCallback);
    cf.complete(VALUE);
    expected++;
    return f;
  }

  @Benchmark
  public Integer fromCfResult_raw() {
    CompletableFuture<Integer> cf = new CompletableFuture<>();
    cf.complete(VALUE);
    return cf.join();
  }

  @Benchmark
  public Integer fromCfResult_tandem() {
    CompletableFuture<Integer> cf = new CompletableFuture<>();
    ExecutorFuture<Integer> f = ExecutorFutures.from(cf);
    cf.complete(VALUE);
    return f.result();
  }

  // ---- from(ListenableFuture)

  @Benchmark
  public Object fromLfListen_raw() {
    SettableFuture<Integer> lf = SettableFuture.create();
    lf.addListener(guavaCallback, direct);
    lf.set(VALUE);
    expected++;
    return lf;
  }

  @Benchmark
  public Object fromLfListen_tandem() {
    SettableFuture<Integer> lf = SettableFuture.create();
    ExecutorFuture<Integer> f = ExecutorFutures.from(lf);
    f.addDoneCallback(tandemCallback);
    lf.set(VALUE);
    expected++;
    return f;
  }

  @Benchmark
  public Integer fromLfResult_raw() {
    SettableFuture<Integer> lf = SettableFuture.create();
    lf.set(VALUE);
    return Futures.getUnchecked(lf);
  }

  @Benchmark
  public Integer fromLfResult_tandem() {
    SettableFuture<Integer> lf = SettableFuture.create();
    ExecutorFuture<Integer> f = ExecutorFutures.from(lf);
    lf.set(VALUE);
    return f.result();
  }

  // ---- asCompletableFuture / asListenableFuture views of Tandem's own executor futures

  @Benchmark
  public Integer asCfThenApply_raw() {
    return CompletableFuture.supplyAsync(() -> VALUE, cfDirect).thenApply(plusOne).join();
  }

  @Benchmark
  public Integer asCfThenApply_tandem() {
    ExecutorFuture<Integer> f = tandemDirect.submit(() -> VALUE);
    return ExecutorFutures.asCompletableFuture(f).thenApply(plusOne).join();
  }

  @Benchmark
  public Integer asLfListen_raw() {
    ListenableFuture<Integer> lf = guavaDirect.submit(() -> VALUE);
    lf.addListener(guavaCallback, direct);
    expected++;
    return Futures.getUnchecked(lf);
  }

  @Benchmark
  public Integer asLfListen_tandem() {
    ExecutorFuture<Integer> f = tandemDirect.submit(() -> VALUE);
    ListenableFuture<Integer> lf = ExecutorFutures.asListenableFuture(f);
    lf.addListener(guavaCallback, direct);
    expected++;
    return Futures.getUnchecked(lf);
  }
}
