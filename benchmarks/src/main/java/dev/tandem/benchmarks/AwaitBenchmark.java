package dev.tandem.benchmarks;

import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import dev.tandem.api.ExecutorFuture;
import dev.tandem.threads.ExecutorFutures;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Family 5: awaiting a future from a coroutine, Tandem's {@code AsyncFuture.await()} (from {@code
 * tandem-interop}) versus kotlinx-coroutines' own {@code CompletableFuture.await()} and {@code
 * ListenableFuture.await()}. One operation is one await; {@value #TIMES} of them run inside one
 * {@code runBlocking} (see {@code AwaitLoops.kt}).
 *
 * <ul>
 *   <li>{@code awaitDone}: the future is already done.
 *   <li>{@code awaitLater}: the future is made pending, completed by another coroutine after the
 *       await suspended, and the awaiting coroutine resumes (includes making the future and one
 *       {@code launch}, the same for every competitor). Tandem awaits an {@code ExecutorFuture}
 *       adapting the {@code CompletableFuture} that is completed.
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(AwaitBenchmark.TIMES)
@State(Scope.Thread)
public class AwaitBenchmark {
  static final int TIMES = 1_000;

  private final ExecutorFuture<Integer> tandemDone = ExecutorFutures.completed(1);
  private final CompletableFuture<Integer> cfDone = CompletableFuture.completedFuture(1);
  private final ListenableFuture<Integer> guavaDone = Futures.immediateFuture(1);

  private static long check(long sum, long expected) {
    if (sum != expected) {
      throw new IllegalStateException("awaited " + sum + ", expected " + expected);
    }
    return sum;
  }

  private static final long LATER_SUM = (long) TIMES * (TIMES - 1) / 2;

  @Benchmark
  public long awaitDone_tandem() {
    return check(AwaitLoops.awaitDoneTandem(tandemDone, TIMES), TIMES);
  }

  @Benchmark
  public long awaitDone_kotlinxCf() {
    return check(AwaitLoops.awaitDoneCf(cfDone, TIMES), TIMES);
  }

  @Benchmark
  public long awaitDone_kotlinxGuava() {
    return check(AwaitLoops.awaitDoneGuava(guavaDone, TIMES), TIMES);
  }

  @Benchmark
  public long awaitLater_tandem() {
    return check(AwaitLoops.awaitLaterTandem(TIMES), LATER_SUM);
  }

  @Benchmark
  public long awaitLater_kotlinxCf() {
    return check(AwaitLoops.awaitLaterCf(TIMES), LATER_SUM);
  }

  @Benchmark
  public long awaitLater_kotlinxGuava() {
    return check(AwaitLoops.awaitLaterGuava(TIMES), LATER_SUM);
  }
}
