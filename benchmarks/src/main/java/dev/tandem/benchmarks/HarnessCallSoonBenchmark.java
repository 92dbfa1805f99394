package dev.tandem.benchmarks;

import dev.tandem.api.EventLoop;
import dev.tandem.loop.BackgroundLoop;
import io.netty.channel.DefaultEventLoop;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
 * Family 3, in the shape a user's own harness takes: {@code callSoon} from the loop thread, with
 * the loop running on a background thread of its own (as an application runs it) instead of
 * being driven by the JMH thread ({@link LoopSubmissionBenchmark#callSoon_tandem}).
 *
 * <p>One invocation: the JMH thread submits, with {@code callSoonThreadsafe}, one task that calls
 * {@code callSoon} {@value Batches#SIZE} times (each callback a counter increment), then submits
 * a fence the same way and waits for it. One operation is one {@code callSoon} and the run of its
 * callback. Netty's {@code DefaultEventLoop} in the same shape: a task that calls {@code execute}
 * from the loop thread, and a fence submitted from the JMH thread with {@code execute}.
 *
 * <ul>
 *   <li>{@code callSoon}: the fence is submitted right after the task, as the separate harness
 *       does. Both loops take the two submissions in one turn, before the task runs, so the fence
 *       runs <em>before</em> the task's callbacks: the JMH thread's wait ends early, and the
 *       callbacks of one invocation run while the next one is being submitted. Steady state is
 *       still one batch of callbacks per invocation, so the score is per callback; the JMH thread
 *       and the loop thread wake each other once per invocation.
 *   <li>{@code callSoonFenceLast}: the task queues the fence itself, with {@code callSoon} after
 *       its last callback (Netty: {@code execute}), so the wait ends when every callback ran;
 *       the loop runs on its own thread as above. Against {@code callSoon}, it shows what the
 *       fence's position costs; against {@code LoopSubmissionBenchmark.callSoon_tandem}, what the
 *       background thread costs.
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(Batches.SIZE)
@State(Scope.Thread)
public class HarnessCallSoonBenchmark {
  /** Written by the loop thread only; read after a fence that ran after every callback. */
  private long ran;

  private long expected;
  private final Runnable increment = () -> ran++;
  private @Nullable BackgroundLoop tandem;
  private @Nullable DefaultEventLoop netty;

  private EventLoop tandem() {
    BackgroundLoop loop = tandem;
    if (loop == null) {
      loop = tandem = Tandem.startBackgroundLoop("harness-tandem-loop");
    }
    return loop.loop();
  }

  private DefaultEventLoop netty() {
    DefaultEventLoop loop = netty;
    return loop != null ? loop : (netty = new DefaultEventLoop());
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    // A last fence queued behind everything either loop still holds, so `ran` is complete.
    if (tandem != null) {
      EventLoop loop = tandem.loop();
      CompletableFuture<Void> last = new CompletableFuture<>();
      loop.callSoonThreadsafe(() -> loop.callSoon(() -> last.complete(null)));
      last.join();
      tandem.close();
    }
    if (netty != null) {
      DefaultEventLoop loop = netty;
      CompletableFuture<Void> last = new CompletableFuture<>();
      loop.execute(() -> loop.execute(() -> last.complete(null)));
      last.join();
      Batches.shutdown(loop);
    }
    Batches.check("HarnessCallSoonBenchmark", ran, expected);
  }

  // ---- the separate harness's shape: the fence submitted from outside, right after the task.

  @Benchmark
  public void callSoon_tandem() {
    EventLoop loop = tandem();
    loop.callSoonThreadsafe(
        () -> {
          for (int i = 0; i < Batches.SIZE; i++) {
            loop.callSoon(increment);
          }
        });
    CompletableFuture<Void> fence = new CompletableFuture<>();
    loop.callSoonThreadsafe(() -> fence.complete(null));
    fence.join();
    expected += Batches.SIZE;
  }

  @Benchmark
  public void callSoon_nettyLoop() {
    DefaultEventLoop loop = netty();
    loop.execute(
        () -> {
          for (int i = 0; i < Batches.SIZE; i++) {
            loop.execute(increment);
          }
        });
    CompletableFuture<Void> fence = new CompletableFuture<>();
    loop.execute(() -> fence.complete(null));
    fence.join();
    expected += Batches.SIZE;
  }

  // ---- the fence queued by the task after its callbacks: the wait covers every callback.

  @Benchmark
  public void callSoonFenceLast_tandem() {
    EventLoop loop = tandem();
    CompletableFuture<Void> fence = new CompletableFuture<>();
    loop.callSoonThreadsafe(
        () -> {
          for (int i = 0; i < Batches.SIZE; i++) {
            loop.callSoon(increment);
          }
          loop.callSoon(() -> fence.complete(null));
        });
    fence.join();
    expected += Batches.SIZE;
  }

  @Benchmark
  public void callSoonFenceLast_nettyLoop() {
    DefaultEventLoop loop = netty();
    CompletableFuture<Void> fence = new CompletableFuture<>();
    loop.execute(
        () -> {
          for (int i = 0; i < Batches.SIZE; i++) {
            loop.execute(increment);
          }
          loop.execute(() -> fence.complete(null));
        });
    fence.join();
    expected += Batches.SIZE;
  }
}
