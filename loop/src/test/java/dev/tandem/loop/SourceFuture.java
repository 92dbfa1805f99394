package dev.tandem.loop;

import dev.tandem.api.AsyncFuture;
import dev.tandem.api.CancelledException;
import dev.tandem.api.InvalidStateException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A minimal thread-safe future of the executor kind (callbacks run in the completing thread, or
 * at once if already done). The real executor futures live in tandem-jvm-threads, which this
 * module must not depend on; this stands in for them as a foreign future to adopt.
 */
final class SourceFuture<T extends @Nullable Object> implements AsyncFuture<T> {
  private boolean done;
  private @Nullable T value;
  private @Nullable Throwable failure;
  private boolean cancelled;
  private @Nullable String cancelMessage;
  private final List<Consumer<? super AsyncFuture<T>>> callbacks = new ArrayList<>();
  private int cancelCalls;

  boolean complete(T v) {
    return finish(() -> value = v);
  }

  boolean fail(Throwable t) {
    return finish(() -> failure = t);
  }

  @Override
  public boolean cancel() {
    return cancel(null);
  }

  @Override
  public boolean cancel(@Nullable String message) {
    synchronized (this) {
      cancelCalls++;
    }
    finish(
        () -> {
          cancelled = true;
          cancelMessage = message;
        });
    return isCancelled();
  }

  synchronized int cancelCalls() {
    return cancelCalls;
  }

  private boolean finish(Runnable set) {
    List<Consumer<? super AsyncFuture<T>>> toRun;
    synchronized (this) {
      if (done) {
        return false;
      }
      set.run();
      done = true;
      toRun = new ArrayList<>(callbacks);
      callbacks.clear();
    }
    for (Consumer<? super AsyncFuture<T>> c : toRun) {
      c.accept(this);
    }
    return true;
  }

  @Override
  public synchronized boolean isDone() {
    return done;
  }

  @Override
  public synchronized boolean isCancelled() {
    return cancelled;
  }

  @Override
  public synchronized T result() {
    Throwable t = exception();
    if (t != null) {
      throw t instanceof RuntimeException ? (RuntimeException) t : new CompletionException(t);
    }
    return value;
  }

  @Override
  public synchronized @Nullable Throwable exception() {
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
    Objects.requireNonNull(callback);
    synchronized (this) {
      if (!done) {
        callbacks.add(callback);
        return;
      }
    }
    callback.accept(this);
  }

  @Override
  public synchronized int removeDoneCallback(Consumer<? super AsyncFuture<T>> callback) {
    int before = callbacks.size();
    callbacks.removeIf(callback::equals);
    return before - callbacks.size();
  }
}
