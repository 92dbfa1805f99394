package dev.tandem.threads;

import dev.tandem.api.ContextCarrier;
import dev.tandem.api.ContextPropagator;
import dev.tandem.api.ExecutorFuture;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Runs tasks on threads and returns {@link ExecutorFuture}s for them: Python's {@code
 * concurrent.futures.ThreadPoolExecutor} for the JVM.
 *
 * <h2>How to get an instance</h2>
 *
 * <!-- snippet:javadoc-future-executor (compiled by the samples module) -->
 * <pre>{@code
 * try (FutureExecutor executor = FutureExecutor.newFixedPool(4)) {
 *   ExecutorFuture<Integer> size = executor.submit(() -> Files.readAllBytes(path).length);
 *   List<String> pages = executor.map(this::download, urls, Duration.ofSeconds(30));
 * } // close() waits for the tasks
 * }</pre>
 *
 * {@link #newFixedPool(int)} for a pool of platform threads, {@link #newVirtualThreadPerTask()}
 * for one virtual thread per task on JDK 21 and newer, {@link #wrapping(ExecutorService)} to run
 * on an executor service you already have.
 *
 * <h2>Task futures</h2>
 *
 * A submitted task's future is PENDING until a thread picks the task up, RUNNING ({@link
 * ExecutorFuture#isRunning()}) while it runs, then done with its result or failure. Cancelling a
 * pending task's future succeeds and the task never runs; once it started, {@code cancel}
 * returns false and the task is never interrupted. Whatever the task throws, errors included,
 * fails its future (with the original object, {@code CompletionException} and {@code
 * ExecutionException} wrappers stripped) and is not rethrown into the worker thread. Done
 * callbacks run in the worker thread that ran the task, in registration order, after the task
 * returned; the task's writes happen-before them and before any read that sees the future done.
 *
 * <h2>Shutting down</h2>
 *
 * {@link #shutdown(boolean, boolean)} stops new submissions; tasks already submitted still run
 * unless {@code cancelFutures} cancels those that have not started, with a message saying the
 * executor shut down: at once for the tasks queued in Tandem's own pools (and in any wrapped
 * {@code ThreadPoolExecutor}); with another wrapped service, when the service hands such a task
 * to a thread, which then does not run it. After shutdown, {@link #submit} throws {@link RejectedExecutionException}:
 * no task is silently dropped, and no returned future stays pending forever. {@link #close()} is
 * {@code shutdown(true, false)}.
 *
 * <h2>Context propagation</h2>
 *
 * An executor made with a {@link ContextPropagator} (the factory overloads that take one) runs
 * every task in the context of the thread that submitted it: {@link #submit}, {@link #execute}
 * and each input of {@link #map} capture the caller's context, the worker opens it around the
 * task and puts back what the worker held afterwards. Its futures are {@link ContextCarrier}s: a
 * done callback runs in the context of the thread that added it, on whichever thread completes
 * the future, and the combinators, views and conversions built over them capture with the same
 * propagator. A failure of an {@code execute} task is logged in its submitter's context. Without
 * one ({@link ContextPropagator#none()}, the default), nothing is captured. Rules and costs:
 * {@code docs/concepts.md}.
 *
 * <p>Thread safety: every method may be called from any thread. {@link #map} and {@code
 * shutdown(true, …)} block, and on a running event loop's thread throw {@link
 * dev.tandem.api.BlockingOnLoopException} instead. Do not call them from one of this executor's
 * own tasks: waiting for yourself never ends.
 */
public final class FutureExecutor implements Executor, AutoCloseable, ContextCarrier {

  private static final AtomicInteger POOL_NUMBER = new AtomicInteger();
  private static final @Nullable VirtualThreads VIRTUAL_THREADS = VirtualThreads.find();

  private final ExecutorService service;
  private final String name;
  /* What submit captures; none() without propagation. The one place it is kept. */
  private final ContextPropagator propagator;
  private volatile boolean shutdown;
  /*
   * Set by shutdown(…, cancelFutures = true): the message every task that a thread picks up from
   * then on is cancelled with instead of running. A flag read once per task, where tracking the
   * tasks not started in a set would cost every task an insertion and a removal.
   */
  private volatile @Nullable String cancelNotStarted;

  private FutureExecutor(ExecutorService service, String name, ContextPropagator propagator) {
    this.service = service;
    this.name = name;
    this.propagator = CancelScope.travellingWith(propagator);
  }

  private static ContextPropagator requirePropagator(ContextPropagator propagator) {
    if (propagator == null) {
      throw new NullPointerException("propagator");
    }
    return propagator;
  }

  /**
   * A pool of at most {@code threads} platform threads named {@code tandem-pool-N-thread-M}.
   * Threads start on demand, are not daemons, and end after 60 seconds without work, so an
   * idle, forgotten executor does not keep the JVM alive for long.
   *
   * @throws IllegalArgumentException if {@code threads} is less than 1
   */
  public static FutureExecutor newFixedPool(int threads) {
    return newFixedPool(threads, "tandem-pool-" + POOL_NUMBER.incrementAndGet());
  }

  /**
   * Like {@link #newFixedPool(int)}, with threads named {@code namePrefix-thread-M}.
   *
   * @throws IllegalArgumentException if {@code threads} is less than 1
   * @throws NullPointerException if {@code namePrefix} is null
   */
  public static FutureExecutor newFixedPool(int threads, String namePrefix) {
    return newFixedPool(threads, namePrefix, ContextPropagator.none());
  }

  /**
   * Like {@link #newFixedPool(int, String)}, with context propagation: each task runs in its
   * submitter's context and each done callback in its registrant's (see the class description).
   *
   * @throws IllegalArgumentException if {@code threads} is less than 1
   * @throws NullPointerException if {@code namePrefix} or {@code propagator} is null
   */
  public static FutureExecutor newFixedPool(
      int threads, String namePrefix, ContextPropagator propagator) {
    requirePropagator(propagator);
    if (threads < 1) {
      throw new IllegalArgumentException("a pool needs at least one thread, got " + threads);
    }
    if (namePrefix == null) {
      throw new NullPointerException("namePrefix");
    }
    AtomicInteger threadNumber = new AtomicInteger();
    ThreadFactory factory =
        task -> {
          Thread thread = new Thread(task, namePrefix + "-thread-" + threadNumber.incrementAndGet());
          thread.setDaemon(false);
          return thread;
        };
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), factory);
    pool.allowCoreThreadTimeOut(true);
    return new FutureExecutor(pool, namePrefix, propagator);
  }

  /**
   * An executor that runs each task on {@code service}, which it then owns: {@link #shutdown}
   * shuts {@code service} down too, and {@code shutdown(true, …)} waits for it to terminate.
   *
   * @throws NullPointerException if {@code service} is null
   */
  public static FutureExecutor wrapping(ExecutorService service) {
    return wrapping(service, ContextPropagator.none());
  }

  /**
   * Like {@link #wrapping(ExecutorService)}, with context propagation: each task runs in its
   * submitter's context and each done callback in its registrant's (see the class description).
   *
   * @throws NullPointerException if {@code service} or {@code propagator} is null
   */
  public static FutureExecutor wrapping(ExecutorService service, ContextPropagator propagator) {
    if (service == null) {
      throw new NullPointerException("service");
    }
    requirePropagator(propagator);
    return new FutureExecutor(
        service, "FutureExecutor-" + POOL_NUMBER.incrementAndGet(), propagator);
  }

  /**
   * Whether this runtime has virtual threads (JDK 21 or newer), that is whether {@link
   * #newVirtualThreadPerTask()} works. Decided at run time; this library is compiled for Java 17.
   */
  public static boolean virtualThreadsAvailable() {
    return VIRTUAL_THREADS != null;
  }

  /**
   * An executor that starts one new virtual thread per task, named {@code tandem-virtual-N-M}.
   *
   * @throws UnsupportedOperationException if the runtime has no virtual threads (before JDK 21);
   *     check {@link #virtualThreadsAvailable()} first
   */
  public static FutureExecutor newVirtualThreadPerTask() {
    return newVirtualThreadPerTask(ContextPropagator.none());
  }

  /**
   * Like {@link #newVirtualThreadPerTask()}, with context propagation: each task runs in its
   * submitter's context and each done callback in its registrant's (see the class description).
   *
   * @throws NullPointerException if {@code propagator} is null
   * @throws UnsupportedOperationException if the runtime has no virtual threads (before JDK 21)
   */
  public static FutureExecutor newVirtualThreadPerTask(ContextPropagator propagator) {
    requirePropagator(propagator);
    VirtualThreads virtualThreads = VIRTUAL_THREADS;
    if (virtualThreads == null) {
      throw new UnsupportedOperationException(
          "virtual threads need JDK 21 or newer; this runtime is Java "
              + Runtime.version().feature()
              + ". Use FutureExecutor.newFixedPool(n) instead.");
    }
    String name = "tandem-virtual-" + POOL_NUMBER.incrementAndGet();
    return new FutureExecutor(virtualThreads.newExecutor(name + "-"), name, propagator);
  }

  /**
   * Schedules {@code task} and returns its future (Python's {@code submit}).
   *
   * @throws NullPointerException if {@code task} is null
   * @throws RejectedExecutionException if the executor was shut down, or its executor service
   *     refused the task; nothing was scheduled
   */
  public <T extends @Nullable Object> ExecutorFuture<T> submit(Callable<? extends T> task) {
    if (task == null) {
      throw new NullPointerException("task");
    }
    if (shutdown) {
      throw rejectedAfterShutdown();
    }
    TaskFuture<T> future = new TaskFuture<>(ContextFunctions.callable(propagator, task), this);
    try {
      service.execute(future);
    } catch (RejectedExecutionException e) {
      future.cancel(this + " could not schedule the task");
      throw new RejectedExecutionException(
          this + " could not schedule the task: " + e.getMessage(), e);
    }
    return future;
  }

  /**
   * Runs {@code command} as a task whose outcome nobody reads; if it throws, the failure is
   * logged through {@link System.Logger} (logger {@code dev.tandem.threads}, level WARNING).
   *
   * @throws NullPointerException if {@code command} is null
   * @throws RejectedExecutionException if the executor was shut down
   */
  @Override
  public void execute(Runnable command) {
    if (command == null) {
      throw new NullPointerException("command");
    }
    ExecutorFuture<@Nullable Object> future = submit(Executors.callable(command));
    future.addDoneCallback(
        done -> {
          if (!done.isCancelled() && done.exception() != null) {
            ExecutorFutureBase.LOGGER.log(
                System.Logger.Level.WARNING,
                () -> "A task passed to " + this + ".execute failed",
                done.exception());
          }
        });
  }

  /**
   * Applies {@code function} to every input on this executor and returns the results in input
   * order, waiting as long as it takes. See {@link #map(Function, Iterable, Duration)}.
   *
   * @throws InterruptedException if interrupted while waiting; the tasks not started are
   *     cancelled
   * @throws NullPointerException if an argument or an input's iterator is null
   * @throws RejectedExecutionException if the executor was shut down
   * @throws dev.tandem.api.BlockingOnLoopException on a running event loop's thread, before
   *     anything is submitted
   */
  public <I extends @Nullable Object, O extends @Nullable Object> List<O> map(
      Function<? super I, ? extends O> function, Iterable<? extends I> inputs)
      throws InterruptedException {
    try {
      return mapWithin(function, inputs, null);
    } catch (TimeoutException impossible) {
      throw new AssertionError("an untimed map timed out", impossible);
    }
  }

  /**
   * Applies {@code function} to every input on this executor (Python's {@code map}) and returns
   * the results in input order as a list.
   *
   * <p>All inputs are submitted at once, then the results are collected in order; {@code
   * timeout} counts from this call. If the time runs out, a result fails, or the thread is
   * interrupted, every task that has not started is cancelled (running ones finish, unobserved)
   * and this method throws.
   *
   * @return the results in input order; an empty list for no inputs
   * @throws TimeoutException if not every result is there within {@code timeout}
   * @throws InterruptedException if interrupted while waiting
   * @throws RuntimeException the first failure in input order, as {@code result()} throws it
   *     (unchecked as is, a checked one wrapped in {@link java.util.concurrent.CompletionException})
   * @throws dev.tandem.api.CancelledException if a task was cancelled (for instance by a
   *     concurrent shutdown)
   * @throws IllegalArgumentException if {@code timeout} is negative
   * @throws NullPointerException if an argument is null
   * @throws RejectedExecutionException if the executor was shut down
   * @throws dev.tandem.api.BlockingOnLoopException on a running event loop's thread, before
   *     anything is submitted
   */
  public <I extends @Nullable Object, O extends @Nullable Object> List<O> map(
      Function<? super I, ? extends O> function, Iterable<? extends I> inputs, Duration timeout)
      throws InterruptedException, TimeoutException {
    if (timeout == null) {
      throw new NullPointerException("timeout");
    }
    return mapWithin(function, inputs, timeout);
  }

  private <I extends @Nullable Object, O extends @Nullable Object> List<O> mapWithin(
      Function<? super I, ? extends O> function,
      Iterable<? extends I> inputs,
      @Nullable Duration timeout)
      throws InterruptedException, TimeoutException {
    if (function == null) {
      throw new NullPointerException("function");
    }
    if (inputs == null) {
      throw new NullPointerException("inputs");
    }
    long nanos = timeout == null ? Long.MAX_VALUE : Blocking.toNanos(timeout);
    Blocking.checkNotOnLoop(this + ".map");
    long deadline = System.nanoTime() + nanos;
    List<ExecutorFuture<O>> futures = new ArrayList<>();
    boolean complete = false;
    try {
      for (I input : inputs) {
        futures.add(submit(() -> function.apply(input)));
      }
      List<O> results = new ArrayList<>(futures.size());
      for (int i = 0; i < futures.size(); i++) {
        ExecutorFuture<O> future = futures.get(i);
        long left = timeout == null ? Long.MAX_VALUE : Math.max(0L, deadline - System.nanoTime());
        try {
          results.add(future.result(Duration.ofNanos(left)));
        } catch (TimeoutException e) {
          TimeoutException timedOut =
              new TimeoutException(
                  "map on "
                      + this
                      + ": "
                      + (futures.size() - i)
                      + " of "
                      + futures.size()
                      + " results not ready after "
                      + Blocking.describe(nanos)
                      + "; the tasks not started were cancelled");
          timedOut.initCause(e);
          throw timedOut;
        }
      }
      complete = true;
      return Collections.unmodifiableList(results);
    } finally {
      if (!complete) {
        for (ExecutorFuture<O> future : futures) {
          future.cancel("map on " + this + " gave up");
        }
      }
    }
  }

  /**
   * Shuts the executor down (Python's {@code shutdown(wait, cancel_futures)}): later {@link
   * #submit} calls throw {@link RejectedExecutionException}. Calling it again is harmless.
   *
   * @param wait whether to block until every task that is running or still queued has finished;
   *     an interrupt ends the wait early, leaving the thread's interrupt flag set
   * @param cancelFutures whether to cancel every task that has not started; their futures are
   *     cancelled with a message saying the executor shut down, and the tasks never run. Tasks
   *     waiting in the queue of a {@code ThreadPoolExecutor} (every {@link #newFixedPool} is one)
   *     are cancelled before this method returns; with other services, a task not started yet is
   *     cancelled when the service gives it a thread, so its future may still be pending for a
   *     moment after {@code shutdown(false, true)} returns, and is cancelled before {@code
   *     shutdown(true, true)} returns
   * @throws dev.tandem.api.BlockingOnLoopException if {@code wait} is true, tasks are still
   *     running, and this is a running event loop's thread; nothing was shut down
   */
  public void shutdown(boolean wait, boolean cancelFutures) {
    if (wait && !service.isTerminated()) {
      Blocking.checkNotOnLoop(this + ".shutdown(wait=true)");
    }
    shutdown = true;
    if (cancelFutures && cancelNotStarted == null) {
      cancelNotStarted = this + " was shut down before the task started";
    }
    service.shutdown();
    String message = cancelNotStarted;
    if (message != null && service instanceof ThreadPoolExecutor) {
      // Tandem's own pools: cancel what is queued now rather than when a thread reaches it.
      for (Object queued : ((ThreadPoolExecutor) service).getQueue().toArray()) {
        if (queued instanceof TaskFuture) {
          ((TaskFuture<?>) queued).cancel(message);
        }
      }
    }
    if (wait) {
      try {
        while (!service.awaitTermination(1, TimeUnit.DAYS)) {
          // Keep waiting: the tasks decide how long this takes.
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The message tasks not started are cancelled with, once shut down with cancelFutures. */
  @Nullable String cancelNotStartedMessage() {
    return cancelNotStarted;
  }

  /**
   * The propagator this executor captures with at {@code submit}, {@code execute} and {@code map},
   * and its futures at {@code addDoneCallback}; {@link ContextPropagator#none()} if it was made
   * without one.
   */
  @Override
  public ContextPropagator contextPropagator() {
    return propagator;
  }

  /** Whether {@link #shutdown} or {@link #close()} was called. */
  public boolean isShutdown() {
    return shutdown;
  }

  /**
   * The same as {@code shutdown(true, false)}: waits for every submitted task to finish.
   *
   * @throws dev.tandem.api.BlockingOnLoopException on a running event loop's thread while tasks
   *     are still running
   */
  @Override
  public void close() {
    shutdown(true, false);
  }

  private RejectedExecutionException rejectedAfterShutdown() {
    return new RejectedExecutionException(
        this + " is shut down and accepts no new tasks; submit to another executor");
  }

  @Override
  public String toString() {
    return "FutureExecutor[" + name + (shutdown ? ", shut down]" : "]");
  }

  /** Reflective access to the JDK 21 virtual-thread API, so this class compiles for Java 17. */
  private static final class VirtualThreads {
    private final Method ofVirtual;
    private final Method name;
    private final Method factory;
    private final Method newThreadPerTaskExecutor;

    private VirtualThreads(Method ofVirtual, Method name, Method factory, Method perTask) {
      this.ofVirtual = ofVirtual;
      this.name = name;
      this.factory = factory;
      this.newThreadPerTaskExecutor = perTask;
    }

    static @Nullable VirtualThreads find() {
      if (Runtime.version().feature() < 21) {
        return null; // JDK 19 and 20 have the methods only as a preview.
      }
      try {
        Class<?> builder = Class.forName("java.lang.Thread$Builder");
        return new VirtualThreads(
            Thread.class.getMethod("ofVirtual"),
            builder.getMethod("name", String.class, long.class),
            builder.getMethod("factory"),
            Executors.class.getMethod("newThreadPerTaskExecutor", ThreadFactory.class));
      } catch (ReflectiveOperationException | LinkageError e) {
        return null;
      }
    }

    ExecutorService newExecutor(String namePrefix) {
      try {
        Object builder = name.invoke(ofVirtual.invoke(null), namePrefix, 0L);
        ThreadFactory threads = (ThreadFactory) factory.invoke(builder);
        return (ExecutorService) newThreadPerTaskExecutor.invoke(null, threads);
      } catch (IllegalAccessException e) {
        throw new UnsupportedOperationException("virtual threads are not accessible", e);
      } catch (InvocationTargetException e) {
        throw new UnsupportedOperationException(
            "virtual threads could not be started", e.getCause());
      }
    }
  }
}
