package dev.tandem.loop;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link LoopHost} over a one-thread {@link ScheduledExecutorService}: the example of {@link
 * LoopHost}'s Javadoc, counting the tasks the loop hands it.
 */
final class ExecutorHost implements LoopHost, AutoCloseable {
  final ScheduledExecutorService scheduler;
  private volatile Thread schedulerThread;
  final AtomicInteger executed = new AtomicInteger();

  ExecutorHost(String threadName) {
    scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, threadName);
              t.setDaemon(true);
              schedulerThread = t;
              return t;
            });
  }

  @Override
  public void execute(Runnable task) {
    executed.incrementAndGet();
    scheduler.execute(task);
  }

  @Override
  public boolean inHostThread() {
    return Thread.currentThread() == schedulerThread;
  }

  @Override
  public Scheduled schedule(Runnable task, long delayNanos) {
    ScheduledFuture<?> f = scheduler.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
    return () -> f.cancel(false);
  }

  @Override
  public boolean isTerminated() {
    return scheduler.isTerminated();
  }

  @Override
  public void close() throws InterruptedException {
    scheduler.shutdownNow();
    scheduler.awaitTermination(10, TimeUnit.SECONDS);
  }

  @Override
  public String toString() {
    return "ExecutorHost";
  }
}
