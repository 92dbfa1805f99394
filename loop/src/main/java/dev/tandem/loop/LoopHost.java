package dev.tandem.loop;

/**
 * A thread someone else runs (a Netty event loop, the AWT event dispatch thread) on which a
 * Tandem loop can live: the three things {@link EventLoops#hosted(LoopHost)} needs from it.
 *
 * <p>Implement it over the host's own API, for instance for a {@link
 * java.util.concurrent.ScheduledExecutorService} with a single thread:
 *
 * <!-- snippet:javadoc-loop-host (compiled by the samples module) -->
 * <pre>{@code
 * LoopHost host = new LoopHost() {
 *   public void execute(Runnable task) { scheduler.execute(task); }
 *   public boolean inHostThread() { return Thread.currentThread() == schedulerThread; }
 *   public Scheduled schedule(Runnable task, long delayNanos) {
 *     ScheduledFuture<?> f = scheduler.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
 *     return () -> f.cancel(false);
 *   }
 * };
 * EventLoop loop = EventLoops.hosted(host);
 * }</pre>
 *
 * <p>The hosted loop keeps its own queues, order and timers; the host only has to run a task
 * soon, and one after a delay. Tandem's modules {@code tandem-netty} and {@code tandem-swing}
 * provide hosts for Netty and for Swing.
 */
public interface LoopHost {

  /**
   * Runs {@code task} on the host thread soon. Called from any thread, including the host
   * thread; the loop does not rely on the host's order between tasks (it keeps its own).
   *
   * @throws java.util.concurrent.RejectedExecutionException if the host runs no more tasks
   */
  void execute(Runnable task);

  /** Whether the calling thread is the host thread. Called from any thread; must be cheap. */
  boolean inHostThread();

  /**
   * Runs {@code task} on the host thread about {@code delayNanos} from now. Called on the host
   * thread only. Firing a little early or late is harmless: the loop checks its timers'
   * deadlines on {@link System#nanoTime()} itself and asks again if it was woken too early.
   *
   * @param delayNanos zero or more
   * @return what stops the task from running; cancelling after it ran does nothing
   * @throws java.util.concurrent.RejectedExecutionException if the host runs no more tasks
   */
  Scheduled schedule(Runnable task, long delayNanos);

  /**
   * Whether the host will never run a task again (its thread has ended). The default is false:
   * a host that cannot end (the AWT event thread) never says so. A hosted loop may be closed
   * from any thread once this is true.
   */
  default boolean isTerminated() {
    return false;
  }

  /** A task scheduled with {@link #schedule}. */
  @FunctionalInterface
  interface Scheduled {
    /** Stops the task from running if it has not run yet; from the host thread. */
    void cancel();
  }
}
