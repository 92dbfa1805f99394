package dev.tandem.benchmarks;

import dev.tandem.api.EventLoop;
import dev.tandem.api.LoopFuture;
import io.netty.channel.DefaultEventLoop;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs a batch of operations on a loop's own thread and waits until it, and everything it
 * scheduled before its end, has run.
 *
 * <p>Benchmarks that must run "on the loop thread" run {@link #SIZE} operations per JMH
 * invocation inside the loop ({@code @OperationsPerInvocation(Batches.SIZE)}), so the one
 * hand-off per invocation between the JMH thread and the loop costs well under 1% of the score.
 * For Tandem the JMH thread <em>is</em> the loop thread: {@link #onTandemLoop} runs the loop on the
 * calling thread with {@code runUntilComplete}, and returns after the callbacks the batch
 * scheduled have run (a marker future is completed by the last callback in the FIFO queue).
 */
final class Batches {
  /** Operations per invocation for the batched benchmarks. */
  static final int SIZE = 10_000;

  private Batches() {}

  /**
   * Runs {@code batch} on {@code loop}, driven by the calling thread, then every callback
   * queued before the batch ended.
   */
  static void onTandemLoop(EventLoop loop, Runnable batch) {
    LoopFuture<Void> marker = loop.createFuture();
    loop.callSoon(
        () -> {
          batch.run();
          // Queued after every callback the batch scheduled: runs when they all ran.
          loop.callSoon(() -> marker.setResult(null));
        });
    loop.runUntilComplete(marker);
  }

  /** Runs {@code batch} on Netty's loop thread, then every task queued before it ended. */
  static void onNettyLoop(DefaultEventLoop loop, Runnable batch) {
    CompletableFuture<Void> marker = new CompletableFuture<>();
    loop.execute(
        () -> {
          batch.run();
          loop.execute(() -> marker.complete(null));
        });
    marker.join();
  }

  /**
   * Runs {@code batch} on the Netty thread that hosts Tandem's {@code loop}, then every callback
   * the loop had queued before the batch ended (a marker queued last with {@code callSoon}).
   */
  static void onHostedLoop(DefaultEventLoop netty, EventLoop loop, Runnable batch) {
    CompletableFuture<Void> marker = new CompletableFuture<>();
    netty.execute(
        () -> {
          batch.run();
          loop.callSoon(() -> marker.complete(null));
        });
    marker.join();
  }

  /** Runs {@code batch} on the executor's thread, then every task queued before it ended. */
  static void onExecutor(ExecutorService executor, Runnable batch) {
    CompletableFuture<Void> marker = new CompletableFuture<>();
    executor.execute(
        () -> {
          batch.run();
          executor.execute(() -> marker.complete(null));
        });
    marker.join();
  }

  /** Shuts a Netty loop down and waits for its thread to end. */
  static void shutdown(DefaultEventLoop loop) {
    loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  /** Shuts an executor down and waits for its thread to end. */
  static void shutdown(ExecutorService executor) {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("executor did not stop within 10 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Fails the trial if a benchmark's callbacks did not run as often as it claims. */
  static void check(String what, long ran, long expectedAtLeast) {
    if (ran < expectedAtLeast) {
      throw new IllegalStateException(
          what + ": callbacks ran " + ran + " times, expected at least " + expectedAtLeast);
    }
  }
}
