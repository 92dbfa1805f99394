package dev.tandem.threads;

import dev.tandem.api.AsyncFuture;
import dev.tandem.api.CancelledException;
import dev.tandem.api.EventLoop;
import dev.tandem.api.Handle;
import dev.tandem.api.InvalidStateException;
import dev.tandem.api.LoopFuture;
import dev.tandem.api.RunningLoop;
import dev.tandem.api.WrongThreadException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A test-only event loop running on a thread of its own, with loop futures as confined as the
 * real ones: a mutating call from a foreign thread throws {@link WrongThreadException}; a cancelled
 * one keeps its message. Only what the group waits and the combinators touch is implemented.
 */
final class FakeLoop implements EventLoop {
  private final ExecutorService thread;
  private volatile @Nullable Thread loopThread;
  private volatile boolean closed;
  private final List<Runnable> closeActions = new ArrayList<>();

  FakeLoop() {
    thread =
        Executors.newSingleThreadExecutor(
            task -> {
              Thread t = new Thread(task, "fake-loop");
              t.setDaemon(true);
              loopThread = t;
              return t;
            });
  }

  @Override
  public Handle callSoonThreadsafe(Runnable callback) {
    if (closed) {
      throw new RejectedExecutionException("fake loop is closed");
    }
    AtomicBoolean cancelled = new AtomicBoolean();
    thread.execute(
        () -> {
          if (!cancelled.get()) {
            try (RunningLoop.Scope scope = RunningLoop.enter(this)) {
              callback.run();
            }
          }
        });
    return new Handle() {
      @Override
      public boolean cancel() {
        return cancelled.compareAndSet(false, true);
      }

      @Override
      public boolean isCancelled() {
        return cancelled.get();
      }
    };
  }

  @Override
  public Handle callSoon(Runnable callback) {
    if (!inLoopThread()) {
      throw new WrongThreadException("callSoon from " + Thread.currentThread().getName());
    }
    return callSoonThreadsafe(callback);
  }

  /** Runs {@code action} on the loop thread and waits for it; for test set-up. */
  void runOnLoop(Runnable action) throws InterruptedException {
    CountDownLatch ran = new CountDownLatch(1);
    callSoonThreadsafe(
        () -> {
          try {
            action.run();
          } finally {
            ran.countDown();
          }
        });
    if (!ran.await(10, TimeUnit.SECONDS)) {
      throw new AssertionError("the fake loop did not run the action");
    }
  }

  /** Waits until everything queued so far has run. */
  void drain() throws InterruptedException {
    runOnLoop(() -> {});
  }

  @Override
  public <T extends @Nullable Object> LoopFuture<T> createFuture() {
    return new FakeLoopFuture<>(this);
  }

  @Override
  public boolean inLoopThread() {
    return Thread.currentThread() == loopThread;
  }

  @Override
  public boolean isRunning() {
    return !closed;
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public Handle onClose(Runnable action) {
    if (action == null) {
      throw new NullPointerException("action");
    }
    AtomicBoolean cancelled = new AtomicBoolean();
    Runnable once =
        () -> {
          if (cancelled.compareAndSet(false, true)) {
            action.run();
          }
        };
    synchronized (closeActions) {
      if (!closed) {
        closeActions.add(once);
        return handle(cancelled);
      }
    }
    once.run();
    return handle(cancelled);
  }

  /** A handle whose cancel wins only while {@code claimed} is still false. */
  private static Handle handle(AtomicBoolean claimed) {
    return new Handle() {
      private volatile boolean cancelled;

      @Override
      public boolean cancel() {
        boolean won = claimed.compareAndSet(false, true);
        cancelled |= won;
        return won;
      }

      @Override
      public boolean isCancelled() {
        return cancelled;
      }
    };
  }

  @Override
  public void close() {
    List<Runnable> actions;
    synchronized (closeActions) {
      if (closed) {
        return;
      }
      closed = true;
      actions = new ArrayList<>(closeActions);
      closeActions.clear();
    }
    thread.shutdown();
    for (Runnable action : actions) {
      action.run();
    }
  }

  @Override
  public void execute(Runnable command) {
    callSoonThreadsafe(command);
  }

  @Override
  public Handle callLater(Duration delay, Runnable callback) {
    throw new UnsupportedOperationException("not used by these tests");
  }

  @Override
  public Handle callAt(long deadlineNanos, Runnable callback) {
    throw new UnsupportedOperationException("not used by these tests");
  }

  @Override
  public long time() {
    return System.nanoTime();
  }

  @Override
  public <T extends @Nullable Object> LoopFuture<T> runInExecutor(
      Executor executor, Callable<? extends T> task) {
    throw new UnsupportedOperationException("not used by these tests");
  }

  @Override
  public <T extends @Nullable Object> T runUntilComplete(AsyncFuture<T> future) {
    throw new UnsupportedOperationException("not used by these tests");
  }

  @Override
  public void runForever() {
    throw new UnsupportedOperationException("not used by these tests");
  }

  @Override
  public void stop() {}

  @Override
  public String toString() {
    return "FakeLoop";
  }

  /** A loop future confined to its fake loop's thread. */
  static final class FakeLoopFuture<T extends @Nullable Object> implements LoopFuture<T> {
    private final FakeLoop loop;
    private final List<Consumer<? super AsyncFuture<T>>> callbacks = new ArrayList<>();
    private volatile boolean done;
    private volatile boolean cancelled;
    private @Nullable String cancelMessage;
    private @Nullable T value;
    private @Nullable Throwable failure;

    FakeLoopFuture(FakeLoop loop) {
      this.loop = loop;
    }

    private void checkThread() {
      if (!loop.inLoopThread()) {
        throw new WrongThreadException(
            "called from " + Thread.currentThread().getName() + ", owned by fake-loop");
      }
    }

    int callbackCount() {
      return callbacks.size();
    }

    @Override
    public EventLoop loop() {
      return loop;
    }

    @Override
    public void setResult(T result) {
      checkThread();
      finish(result, null, false);
    }

    @Override
    public void setException(Throwable exception) {
      checkThread();
      finish(null, exception, false);
    }

    @Override
    public boolean cancel(@Nullable String message) {
      checkThread();
      if (done) {
        return false;
      }
      cancelMessage = message;
      finish(null, null, true);
      return true;
    }

    @Override
    public boolean cancel() {
      return cancel(null);
    }

    private void finish(@Nullable T result, @Nullable Throwable exception, boolean cancel) {
      if (done) {
        throw new InvalidStateException("already done");
      }
      value = result;
      failure = exception;
      cancelled = cancel;
      done = true;
      List<Consumer<? super AsyncFuture<T>>> toRun = new ArrayList<>(callbacks);
      callbacks.clear();
      for (Consumer<? super AsyncFuture<T>> callback : toRun) {
        loop.callSoon(() -> callback.accept(this));
      }
    }

    @Override
    public boolean isDone() {
      return done;
    }

    @Override
    public boolean isCancelled() {
      return cancelled;
    }

    @Override
    @SuppressWarnings("NullAway")
    public T result() {
      if (!done) {
        throw new InvalidStateException("pending");
      }
      if (cancelled) {
        throw new CancelledException(cancelMessage);
      }
      if (failure != null) {
        throw new IllegalStateException(failure);
      }
      return value;
    }

    @Override
    public @Nullable Throwable exception() {
      if (!done) {
        throw new InvalidStateException("pending");
      }
      if (cancelled) {
        throw new CancelledException(cancelMessage);
      }
      return failure;
    }

    @Override
    public void addDoneCallback(Consumer<? super AsyncFuture<T>> callback) {
      checkThread();
      if (done) {
        loop.callSoon(() -> callback.accept(this));
      } else {
        callbacks.add(callback);
      }
    }

    @Override
    public int removeDoneCallback(Consumer<? super AsyncFuture<T>> callback) {
      checkThread();
      int before = callbacks.size();
      callbacks.removeIf(callback::equals);
      return before - callbacks.size();
    }
  }
}
