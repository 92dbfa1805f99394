package dev.tandem.loop;

import dev.tandem.api.AsyncFuture;
import dev.tandem.api.CancelledException;
import dev.tandem.api.EventLoop;
import dev.tandem.api.Failures;
import dev.tandem.api.Handle;
import dev.tandem.api.InvalidStateException;
import dev.tandem.api.LoopFuture;
import dev.tandem.api.RunningLoop;
import dev.tandem.api.WrongThreadException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A foreign event loop for tests: a minimal {@link EventLoop} on one blocking queue and a timer
 * heap, sharing no code with {@link DefaultEventLoop}, with loop futures of its own ({@link
 * SimpleFuture}). It stands for a loop someone else wrote, so that the combinators and
 * conversions are shown to need only the public loop contract. Simple rather than fast: one lock
 * for closing, a {@link LinkedBlockingQueue} for every callback.
 */
final class SimpleLoop implements EventLoop {
  private static final Object CANCELLED = new Object();
  private static final Object RAN = new Object();
  private static final AtomicLong SEQUENCE = new AtomicLong();

  private final LinkedBlockingQueue<Task> queue = new LinkedBlockingQueue<>();
  private final PriorityQueue<Timer> timers = new PriorityQueue<>(); // loop thread only
  private final Object lock = new Object();
  private final List<Task> closeActions = new ArrayList<>(); // guarded by lock
  private final List<Throwable> failures = new ArrayList<>(); // guarded by itself
  private volatile @Nullable Thread owner;
  private volatile boolean closed; // written under lock
  private boolean stopping; // loop thread only

  /** A scheduled callback and its handle: the state is the callback, then CANCELLED or RAN. */
  private static class Task implements Handle {
    private final AtomicReference<Object> state;

    Task(Runnable callback) {
      state = new AtomicReference<>(callback);
    }

    @Nullable Runnable claim() {
      Object s = state.get();
      return s instanceof Runnable r && state.compareAndSet(s, RAN) ? r : null;
    }

    @Override
    public boolean cancel() {
      Object s = state.get();
      return s instanceof Runnable && state.compareAndSet(s, CANCELLED);
    }

    @Override
    public boolean isCancelled() {
      return state.get() == CANCELLED;
    }
  }

  private static final class Timer extends Task implements Comparable<Timer> {
    final long deadline;
    final long sequence = SEQUENCE.getAndIncrement();

    Timer(long deadline, Runnable callback) {
      super(callback);
      this.deadline = deadline;
    }

    @Override
    public int compareTo(Timer o) {
      return deadline != o.deadline
          ? Long.compare(deadline, o.deadline)
          : Long.compare(sequence, o.sequence);
    }
  }

  /** What callbacks and close actions threw, in order. */
  List<Throwable> failures() {
    synchronized (failures) {
      return new ArrayList<>(failures);
    }
  }

  private void run(Task task) {
    Runnable r = task.claim();
    if (r == null) {
      return;
    }
    try {
      r.run();
    } catch (Throwable t) {
      synchronized (failures) {
        failures.add(t);
      }
    }
  }

  // ---- scheduling ----

  private Task enqueue(Task task) {
    synchronized (lock) {
      if (closed) {
        throw new RejectedExecutionException("simple loop is closed");
      }
      queue.add(task);
    }
    return task;
  }

  @Override
  public Handle callSoon(Runnable callback) {
    Objects.requireNonNull(callback, "callback");
    Thread o = owner;
    if (o != null && o != Thread.currentThread()) {
      throw new WrongThreadException(
          "callSoon() from thread '"
              + Thread.currentThread().getName()
              + "' while the simple loop runs on thread '"
              + o.getName()
              + "'; use callSoonThreadsafe");
    }
    return enqueue(new Task(callback));
  }

  @Override
  public Handle callSoonThreadsafe(Runnable callback) {
    Objects.requireNonNull(callback, "callback");
    return enqueue(new Task(callback));
  }

  @Override
  public void execute(Runnable command) {
    callSoonThreadsafe(command);
  }

  @Override
  public Handle callLater(Duration delay, Runnable callback) {
    Objects.requireNonNull(delay, "delay");
    Objects.requireNonNull(callback, "callback");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("negative delay: " + delay);
    }
    return callAt(time() + delay.toNanos(), callback);
  }

  @Override
  public Handle callAt(long deadlineNanos, Runnable callback) {
    Objects.requireNonNull(callback, "callback");
    return enqueue(new Timer(deadlineNanos, callback)); // the loop moves it to the heap
  }

  @Override
  public long time() {
    return System.nanoTime();
  }

  // ---- futures ----

  @Override
  public <T extends @Nullable Object> LoopFuture<T> createFuture() {
    return new SimpleFuture<>(this);
  }

  @Override
  public <T extends @Nullable Object> LoopFuture<T> runInExecutor(
      Executor executor, Callable<? extends T> task) {
    Objects.requireNonNull(executor, "executor");
    Objects.requireNonNull(task, "task");
    if (closed) {
      throw new RejectedExecutionException("simple loop is closed");
    }
    LoopFuture<T> future = createFuture();
    onClose(
        () -> {
          if (!future.isDone()) {
            future.cancel("event loop closed");
          }
        });
    executor.execute(
        () -> {
          Runnable deliver;
          try {
            T value = task.call();
            deliver = () -> {
              if (!future.isDone()) {
                future.setResult(value);
              }
            };
          } catch (Throwable t) {
            deliver = () -> {
              if (!future.isDone()) {
                future.setException(t);
              }
            };
          }
          try {
            callSoonThreadsafe(deliver);
          } catch (RejectedExecutionException closedMeanwhile) {
            // cancelled by close
          }
        });
    return future;
  }

  // ---- running ----

  @Override
  public <T extends @Nullable Object> T runUntilComplete(AsyncFuture<T> future) {
    Objects.requireNonNull(future, "future");
    if (future instanceof LoopFuture<T> own && own.loop() == this) {
      own.addDoneCallback(f -> stopping = true);
    } else {
      future.addDoneCallback(
          f -> {
            try {
              callSoonThreadsafe(() -> stopping = true);
            } catch (RejectedExecutionException closedMeanwhile) {
              // nothing to stop
            }
          });
    }
    runForever();
    if (!future.isDone()) {
      throw new IllegalStateException("stopped before the future completed");
    }
    return future.result();
  }

  @Override
  public void runForever() {
    if (closed) {
      throw new RejectedExecutionException("simple loop is closed");
    }
    Thread me = Thread.currentThread();
    synchronized (lock) {
      if (owner != null) {
        throw new IllegalStateException("already running on " + owner.getName());
      }
      owner = me;
    }
    boolean interrupted = false;
    stopping = false;
    try (RunningLoop.Scope scope = RunningLoop.enter(this)) {
      while (!stopping) {
        Timer due = timers.peek();
        long now = System.nanoTime();
        if (due != null && due.deadline - now <= 0) {
          run(timers.poll());
          continue;
        }
        Task next;
        try {
          next =
              due == null
                  ? queue.take()
                  : queue.poll(due.deadline - now, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
          interrupted = true;
          continue;
        }
        if (next instanceof Timer timer) {
          timers.add(timer);
        } else if (next != null) {
          run(next);
        }
      }
    } finally {
      stopping = false;
      owner = null;
      if (interrupted) {
        me.interrupt();
      }
    }
  }

  @Override
  public void stop() {
    if (inLoopThread()) {
      stopping = true;
    } else if (owner != null) {
      try {
        callSoonThreadsafe(() -> stopping = true);
      } catch (RejectedExecutionException closedMeanwhile) {
        // not running any more
      }
    }
  }

  @Override
  public boolean isRunning() {
    return owner != null;
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public boolean inLoopThread() {
    return owner == Thread.currentThread();
  }

  // ---- closing ----

  @Override
  public Handle onClose(Runnable action) {
    Objects.requireNonNull(action, "action");
    Task registered =
        new Task(action) {
          @Override
          public boolean cancel() {
            boolean stopped = super.cancel();
            if (stopped) {
              synchronized (lock) {
                closeActions.remove(this);
              }
            }
            return stopped;
          }
        };
    synchronized (lock) {
      if (!closed) {
        closeActions.add(registered);
        return registered;
      }
    }
    run(registered);
    return registered;
  }

  @Override
  public void close() {
    List<Task> actions;
    synchronized (lock) {
      if (owner != null) {
        throw new IllegalStateException("running on " + owner.getName() + "; stop it first");
      }
      if (closed) {
        return;
      }
      closed = true;
      actions = new ArrayList<>(closeActions);
      closeActions.clear();
    }
    Task t;
    while ((t = queue.poll()) != null) {
      t.cancel();
    }
    while ((t = timers.poll()) != null) {
      t.cancel();
    }
    for (Task action : actions) {
      run(action);
    }
  }

  @Override
  public String toString() {
    return "SimpleLoop@" + Integer.toHexString(System.identityHashCode(this));
  }

  /**
   * The simple loop's future: confined like every loop future, callbacks scheduled with {@link
   * SimpleLoop#callSoon} on completion.
   */
  static final class SimpleFuture<T extends @Nullable Object> implements LoopFuture<T> {
    private final SimpleLoop loop;
    private final List<Consumer<? super AsyncFuture<T>>> callbacks = new ArrayList<>();
    private volatile boolean done;
    private volatile @Nullable CancelledException cancelled;
    private volatile @Nullable Throwable failure;
    private volatile @Nullable T value;

    SimpleFuture(SimpleLoop loop) {
      this.loop = loop;
    }

    private void checkThread(String operation) {
      Thread o = loop.owner;
      if (o != null && o != Thread.currentThread()) {
        throw new WrongThreadException(
            operation
                + "() from '"
                + Thread.currentThread().getName()
                + "', loop on '"
                + o.getName()
                + "'");
      }
    }

    @Override
    public EventLoop loop() {
      return loop;
    }

    @Override
    public void setResult(T result) {
      checkThread("setResult");
      finish(() -> value = result);
    }

    @Override
    public void setException(Throwable exception) {
      Objects.requireNonNull(exception, "exception");
      if (exception instanceof CancellationException) {
        throw new IllegalArgumentException("cancel instead", exception);
      }
      checkThread("setException");
      finish(() -> failure = exception);
    }

    @Override
    public boolean cancel() {
      return cancel(null);
    }

    @Override
    public boolean cancel(@Nullable String message) {
      checkThread("cancel");
      if (done) {
        return false;
      }
      finish(() -> cancelled = new CancelledException(message));
      return true;
    }

    private void finish(Runnable set) {
      if (done) {
        throw new InvalidStateException("already done: " + this);
      }
      set.run();
      done = true;
      List<Consumer<? super AsyncFuture<T>>> toRun = new ArrayList<>(callbacks);
      callbacks.clear();
      for (Consumer<? super AsyncFuture<T>> callback : toRun) {
        schedule(callback);
      }
    }

    private void schedule(Consumer<? super AsyncFuture<T>> callback) {
      try {
        loop.callSoon(() -> callback.accept(this));
      } catch (RejectedExecutionException closed) {
        // a closed loop runs no callback
      }
    }

    @Override
    public boolean isDone() {
      return done;
    }

    @Override
    public boolean isCancelled() {
      return cancelled != null;
    }

    @Override
    public T result() {
      Throwable t = exception();
      if (t != null) {
        throw Failures.rethrow(t);
      }
      return value;
    }

    @Override
    public @Nullable Throwable exception() {
      if (!done) {
        throw new InvalidStateException("pending: " + this);
      }
      CancelledException c = cancelled;
      if (c != null) {
        throw new CancelledException(c.getMessage());
      }
      return failure;
    }

    @Override
    public void addDoneCallback(Consumer<? super AsyncFuture<T>> callback) {
      Objects.requireNonNull(callback, "callback");
      checkThread("addDoneCallback");
      if (done) {
        schedule(callback);
      } else {
        callbacks.add(callback);
      }
    }

    @Override
    public int removeDoneCallback(Consumer<? super AsyncFuture<T>> callback) {
      Objects.requireNonNull(callback, "callback");
      checkThread("removeDoneCallback");
      int before = callbacks.size();
      callbacks.removeIf(callback::equals);
      return before - callbacks.size();
    }

    @Override
    public String toString() {
      return "SimpleFuture[" + (done ? (isCancelled() ? "cancelled" : "done") : "pending") + "]";
    }
  }
}
