package dev.tandem.benchmarks;

import dev.tandem.api.AsyncFuture;
import dev.tandem.api.EventLoop;
import dev.tandem.api.LoopFuture;
import dev.tandem.loop.EventLoops;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What the blocked-loop watchdog (on by default) costs the loop's hot paths: {@code callSoon}
 * from the loop thread and the loop-future lifecycle (create + 1 callback + complete), each on a
 * loop with the watchdog on and one with it off, in the same run. The watchdog's per-callback
 * work is two stores on the loop thread, so the two rows should agree within their error.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(Batches.SIZE)
@State(Scope.Thread)
public class WatchdogCostBenchmark {
  @Param({"on", "off"})
  public String watchdog;

  private long ran;
  private long expected;
  private final Runnable increment = () -> ran++;
  private final Consumer<AsyncFuture<Object>> callback = f -> ran++;
  private @Nullable EventLoop loop;

  private EventLoop loop() {
    EventLoop l = loop;
    if (l == null) {
      l = loop = EventLoops.builder().watchdog(watchdog.equals("on")).build();
    }
    return l;
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    if (loop != null) {
      loop.close();
    }
    Batches.check(getClass().getSimpleName(), ran, expected);
  }

  @Benchmark
  public long callSoon() {
    EventLoop l = loop();
    Batches.onTandemLoop(l, () -> {
      for (int i = 0; i < Batches.SIZE; i++) {
        l.callSoon(increment);
      }
    });
    expected += Batches.SIZE;
    return ran;
  }

  @Benchmark
  public long lifecycle() {
    EventLoop l = loop();
    Batches.onTandemLoop(l, () -> {
      for (int i = 0; i < Batches.SIZE; i++) {
        LoopFuture<Object> f = l.createFuture();
        f.addDoneCallback(callback);
        f.setResult(Boolean.TRUE);
      }
    });
    expected += Batches.SIZE;
    return ran;
  }
}
