package dev.tandem.netty;

import dev.tandem.loop.LoopHost;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/** {@link LoopHost} over a Netty {@link EventExecutor}: its execute, inEventLoop and schedule. */
final class NettyHost implements LoopHost {
  private final EventExecutor executor;

  NettyHost(EventExecutor executor) {
    this.executor = Objects.requireNonNull(executor, "executor");
  }

  @Override
  public void execute(Runnable task) {
    executor.execute(task);
  }

  @Override
  public boolean inHostThread() {
    return executor.inEventLoop();
  }

  @Override
  public Scheduled schedule(Runnable task, long delayNanos) {
    ScheduledFuture<?> f = executor.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
    return () -> f.cancel(false);
  }

  @Override
  public boolean isTerminated() {
    return executor.isTerminated();
  }

  @Override
  public String toString() {
    return "Netty " + executor.getClass().getSimpleName() + "@"
        + Integer.toHexString(System.identityHashCode(executor));
  }
}
