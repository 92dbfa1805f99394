package dev.tandem.benchmarks;

import dev.tandem.api.EventLoop;
import dev.tandem.api.LoopFuture;
import dev.tandem.loop.BackgroundLoop;
import io.netty.channel.DefaultEventLoop;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Family 3: submitting callbacks to a loop, and the callbacks running there. One operation is
 * one submission plus the run of the submitted callback (a counter increment).
 *
 * <ul>
 *   <li>{@code callSoon}: from the loop's own thread. Tandem's {@code callSoon} versus Netty's
 *       {@code DefaultEventLoop.execute} and a single-thread {@code ExecutorService.execute}, each
 *       called by a task running on that loop.
 *   <li>{@code threadsafe1} / {@code threadsafe2}: from one / two other threads, each submitting
 *       a batch and waiting until the loop ran it. Tandem's {@code callSoonThreadsafe} versus the
 *       same {@code execute} calls.
 *   <li>{@code callLater}: timers scheduled on the loop thread with a 1 ns delay and fired: Tandem's
 *       {@code callLater} versus Netty's {@code schedule} and a single-thread {@code
 *       ScheduledExecutorService}.
 *   <li>{@code _tandemContext}: Tandem's {@code callSoon}, {@code callSoonThreadsafe} and {@code
 *       callLater} on a loop with context propagation on over one {@code ThreadLocal}, which holds
 *       a request id where the callbacks are submitted: each captures it and restores it when it
 *       runs (the off/on ratio is the cost of propagation; the target is at most 2).
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(Batches.SIZE)
public class LoopSubmissionBenchmark {
  private static final Duration ONE_NANO = Duration.ofNanos(1);

  /** Loops whose thread is (or is driven from) the JMH thread's batch. */
  @State(Scope.Thread)
  public static class OnLoop {
    long ran;
    long expected;
    final Runnable increment = () -> ran++;
    private @Nullable EventLoop tandem;
    private @Nullable EventLoop tandemContext;
    private @Nullable DefaultEventLoop netty;
    private @Nullable ExecutorService executor;
    private @Nullable ScheduledExecutorService scheduler;

    EventLoop tandem() {
      EventLoop loop = tandem;
      return loop != null ? loop : (tandem = Tandem.newLoop());
    }

    EventLoop tandemContext() {
      EventLoop loop = tandemContext;
      return loop != null ? loop : (tandemContext = Tandem.newContextLoop());
    }

    DefaultEventLoop netty() {
      DefaultEventLoop loop = netty;
      return loop != null ? loop : (netty = new DefaultEventLoop());
    }

    ExecutorService executor() {
      ExecutorService e = executor;
      return e != null
          ? e
          : (executor =
              Executors.newSingleThreadExecutor(
                  r -> HandoffBenchmark.daemon(r, "submission-executor")));
    }

    ScheduledExecutorService scheduler() {
      ScheduledExecutorService e = scheduler;
      return e != null
          ? e
          : (scheduler =
              Executors.newSingleThreadScheduledExecutor(
                  r -> HandoffBenchmark.daemon(r, "submission-scheduler")));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      if (tandem != null) {
        tandem.close();
      }
      if (tandemContext != null) {
        tandemContext.close();
      }
      if (netty != null) {
        Batches.shutdown(netty);
      }
      if (executor != null) {
        Batches.shutdown(executor);
      }
      if (scheduler != null) {
        Batches.shutdown(scheduler);
      }
      Batches.check("LoopSubmissionBenchmark", ran, expected);
    }
  }

  /** Loops running on threads of their own, shared by the submitting JMH threads. */
  @State(Scope.Benchmark)
  public static class Remote {
    long ran;
    final AtomicLong expected = new AtomicLong();
    final Runnable increment = () -> ran++;
    private @Nullable BackgroundLoop tandem;
    private @Nullable BackgroundLoop tandemContext;
    private @Nullable DefaultEventLoop netty;
    private @Nullable ExecutorService executor;

    synchronized EventLoop tandem() {
      BackgroundLoop loop = tandem;
      if (loop == null) {
        loop = tandem = Tandem.startBackgroundLoop("tandem-loop");
      }
      return loop.loop();
    }

    synchronized EventLoop tandemContext() {
      BackgroundLoop loop = tandemContext;
      if (loop == null) {
        loop = tandemContext = Tandem.startContextBackgroundLoop("tandem-context-loop");
      }
      return loop.loop();
    }

    synchronized DefaultEventLoop netty() {
      DefaultEventLoop loop = netty;
      return loop != null ? loop : (netty = new DefaultEventLoop());
    }

    synchronized ExecutorService executor() {
      ExecutorService e = executor;
      return e != null
          ? e
          : (executor =
              Executors.newSingleThreadExecutor(
                  r -> HandoffBenchmark.daemon(r, "submission-executor")));
    }

    @TearDown(Level.Trial)
    public synchronized void tearDown() {
      if (tandem != null) {
        tandem.close();
      }
      if (tandemContext != null) {
        tandemContext.close();
      }
      if (netty != null) {
        Batches.shutdown(netty);
      }
      if (executor != null) {
        Batches.shutdown(executor);
      }
      Batches.check("LoopSubmissionBenchmark", ran, expected.get());
    }
  }

  // ---- callSoon from the loop thread.

  @Benchmark
  public long callSoon_tandem(OnLoop s) {
    EventLoop loop = s.tandem();
    Batches.onTandemLoop(
        loop,
        () -> {
          for (int i = 0; i < Batches.SIZE; i++) {
            loop.callSoon(s.increment);
          }
        });
    s.expected += Batches.SIZE;
    return s.ran;
  }

  @Benchmark
  public long callSoon_tandemContext(OnLoop s) {
    EventLoop loop = s.tandemContext();
    Batches.onTandemLoop(
        loop,
        () -> {
          Tandem.REQUEST.set(Tandem.REQUEST_ID);
          for (int i = 0; i < Batches.SIZE; i++) {
            loop.callSoon(s.increment);
          }
          Tandem.REQUEST.remove();
        });
    s.expected += Batches.SIZE;
    return s.ran;
  }

  @Benchmark
  public long callSoon_nettyLoop(OnLoop s) {
    DefaultEventLoop loop = s.netty();
    Batches.onNettyLoop(
        loop,
        () -> {
          for (int i = 0; i < Batches.SIZE; i++) {
            loop.execute(s.increment);
          }
        });
    s.expected += Batches.SIZE;
    return s.ran;
  }

  @Benchmark
  public long callSoon_executor(OnLoop s) {
    ExecutorService executor = s.executor();
    Batches.onExecutor(
        executor,
        () -> {
          for (int i = 0; i < Batches.SIZE; i++) {
            executor.execute(s.increment);
          }
        });
    s.expected += Batches.SIZE;
    return s.ran;
  }

  // ---- callSoonThreadsafe / execute from one other thread.

  private static void tandemFromOutside(Remote s) {
    EventLoop loop = s.tandem();
    for (int i = 0; i < Batches.SIZE; i++) {
      loop.callSoonThreadsafe(s.increment);
    }
    CompletableFuture<Void> marker = new CompletableFuture<>();
    loop.callSoonThreadsafe(() -> marker.complete(null));
    marker.join();
    s.expected.addAndGet(Batches.SIZE);
  }

  private static void tandemContextFromOutside(Remote s) {
    EventLoop loop = s.tandemContext();
    Tandem.REQUEST.set(Tandem.REQUEST_ID);
    for (int i = 0; i < Batches.SIZE; i++) {
      loop.callSoonThreadsafe(s.increment);
    }
    Tandem.REQUEST.remove();
    CompletableFuture<Void> marker = new CompletableFuture<>();
    loop.callSoonThreadsafe(() -> marker.complete(null));
    marker.join();
    s.expected.addAndGet(Batches.SIZE);
  }

  private static void nettyFromOutside(Remote s) {
    DefaultEventLoop loop = s.netty();
    for (int i = 0; i < Batches.SIZE; i++) {
      loop.execute(s.increment);
    }
    CompletableFuture<Void> marker = new CompletableFuture<>();
    loop.execute(() -> marker.complete(null));
    marker.join();
    s.expected.addAndGet(Batches.SIZE);
  }

  private static void executorFromOutside(Remote s) {
    ExecutorService executor = s.executor();
    for (int i = 0; i < Batches.SIZE; i++) {
      executor.execute(s.increment);
    }
    CompletableFuture<Void> marker = new CompletableFuture<>();
    executor.execute(() -> marker.complete(null));
    marker.join();
    s.expected.addAndGet(Batches.SIZE);
  }

  @Benchmark
  public void threadsafe1_tandem(Remote s) {
    tandemFromOutside(s);
  }

  @Benchmark
  public void threadsafe1_tandemContext(Remote s) {
    tandemContextFromOutside(s);
  }

  @Benchmark
  public void threadsafe1_nettyLoop(Remote s) {
    nettyFromOutside(s);
  }

  @Benchmark
  public void threadsafe1_executor(Remote s) {
    executorFromOutside(s);
  }

  // ---- the same from two other threads at once.

  @Benchmark
  @Group("threadsafe2_tandem")
  @GroupThreads(2)
  public void threadsafe2Tandem(Remote s) {
    tandemFromOutside(s);
  }

  @Benchmark
  @Group("threadsafe2_nettyLoop")
  @GroupThreads(2)
  public void threadsafe2NettyLoop(Remote s) {
    nettyFromOutside(s);
  }

  @Benchmark
  @Group("threadsafe2_executor")
  @GroupThreads(2)
  public void threadsafe2Executor(Remote s) {
    executorFromOutside(s);
  }

  // ---- timers scheduled on the loop thread and fired.

  @Benchmark
  public long callLater_tandem(OnLoop s) {
    EventLoop loop = s.tandem();
    LoopFuture<Void> marker = loop.createFuture();
    loop.callSoon(
        () -> {
          for (int i = 0; i < Batches.SIZE; i++) {
            loop.callLater(ONE_NANO, s.increment);
          }
          // Same delay, scheduled last: fires after every timer above.
          loop.callLater(ONE_NANO, () -> marker.setResult(null));
        });
    loop.runUntilComplete(marker);
    s.expected += Batches.SIZE;
    return s.ran;
  }

  @Benchmark
  public long callLater_tandemContext(OnLoop s) {
    EventLoop loop = s.tandemContext();
    LoopFuture<Void> marker = loop.createFuture();
    loop.callSoon(
        () -> {
          Tandem.REQUEST.set(Tandem.REQUEST_ID);
          for (int i = 0; i < Batches.SIZE; i++) {
            loop.callLater(ONE_NANO, s.increment);
          }
          Tandem.REQUEST.remove();
          loop.callLater(ONE_NANO, () -> marker.setResult(null));
        });
    loop.runUntilComplete(marker);
    s.expected += Batches.SIZE;
    return s.ran;
  }

  @Benchmark
  public long callLater_nettyLoop(OnLoop s) {
    DefaultEventLoop loop = s.netty();
    CompletableFuture<Void> marker = new CompletableFuture<>();
    loop.execute(
        () -> {
          for (int i = 0; i < Batches.SIZE; i++) {
            loop.schedule(s.increment, 1, TimeUnit.NANOSECONDS);
          }
          loop.schedule(() -> marker.complete(null), 1, TimeUnit.NANOSECONDS);
        });
    marker.join();
    s.expected += Batches.SIZE;
    return s.ran;
  }

  @Benchmark
  public long callLater_executor(OnLoop s) {
    ScheduledExecutorService executor = s.scheduler();
    CompletableFuture<Void> marker = new CompletableFuture<>();
    executor.execute(
        () -> {
          for (int i = 0; i < Batches.SIZE; i++) {
            executor.schedule(s.increment, 1, TimeUnit.NANOSECONDS);
          }
          executor.schedule(() -> marker.complete(null), 1, TimeUnit.NANOSECONDS);
        });
    marker.join();
    s.expected += Batches.SIZE;
    return s.ran;
  }
}
