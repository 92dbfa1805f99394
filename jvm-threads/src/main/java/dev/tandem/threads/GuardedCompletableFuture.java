package dev.tandem.threads;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * A {@link CompletableFuture} whose blocking reads ({@code get}, {@code get(timeout)}, {@code
 * join}) obey Tandem's deadlock guard: on a running event loop's thread they throw {@link
 * dev.tandem.api.BlockingOnLoopException} at once unless the future is done. Dependent stages
 * ({@link #newIncompleteFuture()}) are of this class too, so a chain built on a Tandem view
 * keeps the guard. A cancelled future's reads throw the {@link CancellationException} it holds
 * (from JDK 23 on the JDK throws a new one caused by it; Tandem rethrows the stored one, so the
 * cancel message is the message users see).
 */
class GuardedCompletableFuture<T extends @Nullable Object> extends CompletableFuture<T> {

  @Override
  public <U> CompletableFuture<U> newIncompleteFuture() {
    return new GuardedCompletableFuture<>();
  }

  @Override
  public T join() {
    guard();
    try {
      return super.join();
    } catch (CancellationException e) {
      throw Blocking.innermostCancellation(e);
    }
  }

  @Override
  public T get() throws InterruptedException, ExecutionException {
    guard();
    try {
      return super.get();
    } catch (CancellationException e) {
      throw Blocking.innermostCancellation(e);
    }
  }

  @Override
  public T get(long timeout, TimeUnit unit)
      throws InterruptedException, ExecutionException, TimeoutException {
    guard();
    try {
      return super.get(timeout, unit);
    } catch (CancellationException e) {
      throw Blocking.innermostCancellation(e);
    }
  }

  @Override
  public T getNow(T valueIfAbsent) {
    try {
      return super.getNow(valueIfAbsent);
    } catch (CancellationException e) {
      throw Blocking.innermostCancellation(e);
    }
  }

  private void guard() {
    if (!isDone()) {
      Blocking.checkNotOnLoop(this);
    }
  }
}
