package dev.tandem.threads;

import static dev.tandem.threads.ContextFunctions.biConsumer;
import static dev.tandem.threads.ContextFunctions.biFunction;
import static dev.tandem.threads.ContextFunctions.consumer;
import static dev.tandem.threads.ContextFunctions.function;
import static dev.tandem.threads.ContextFunctions.runnable;
import static dev.tandem.threads.ContextFunctions.supplier;

import dev.tandem.api.ContextCarrier;
import dev.tandem.api.ContextPropagator;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A {@link CompletableFuture} whose blocking reads ({@code get}, {@code get(timeout)}, {@code
 * join}) obey Tandem's deadlock guard: on a running event loop's thread they throw {@link
 * dev.tandem.api.BlockingOnLoopException} at once unless the future is done. Dependent stages
 * ({@link #newIncompleteFuture()}) are of this class too, so a chain built on a Tandem view
 * keeps the guard. A cancelled future's reads throw the {@link CancellationException} it holds
 * (from JDK 23 on the JDK throws a new one caused by it; Tandem rethrows the stored one, so the
 * cancel message is the message users see).
 *
 * <p>Context propagation: when {@link #contextPropagator()} is not {@link
 * ContextPropagator#none()} (a view of a source that carries a propagator, and every stage built
 * on it), every function passed to a {@link CompletionStage} method, sync or async, and to {@code
 * completeAsync}, runs in the context of the thread that passed it, on whichever thread runs it;
 * the dependent stages carry the same propagator. {@code minimalCompletionStage()} returns the
 * JDK's own minimal stage, whose further stages capture nothing. Without a propagator every
 * method is the JDK's, after one identity check.
 */
class GuardedCompletableFuture<T extends @Nullable Object> extends CompletableFuture<T>
    implements ContextCarrier {

  /** Whose context the functions of this future's dependent stages run in; none by default. */
  @Override
  public ContextPropagator contextPropagator() {
    return ContextPropagator.none();
  }

  @Override
  public <U> CompletableFuture<U> newIncompleteFuture() {
    ContextPropagator p = contextPropagator();
    return p == ContextPropagator.none()
        ? new GuardedCompletableFuture<>()
        : new PropagatingStage<>(p);
  }

  /** A dependent stage of a future with a propagator: it keeps the propagator. */
  static final class PropagatingStage<T extends @Nullable Object>
      extends GuardedCompletableFuture<T> {
    private final ContextPropagator propagator;

    PropagatingStage(ContextPropagator propagator) {
      this.propagator = propagator;
    }

    @Override
    public ContextPropagator contextPropagator() {
      return propagator;
    }
  }

  // ---- every function passed in runs in its registrant's context (with a propagator)

  @Override
  public <U> CompletableFuture<U> thenApply(Function<? super T, ? extends U> fn) {
    return super.thenApply(function(contextPropagator(), fn));
  }

  @Override
  public <U> CompletableFuture<U> thenApplyAsync(Function<? super T, ? extends U> fn) {
    return super.thenApplyAsync(function(contextPropagator(), fn));
  }

  @Override
  public <U> CompletableFuture<U> thenApplyAsync(
      Function<? super T, ? extends U> fn, Executor executor) {
    return super.thenApplyAsync(function(contextPropagator(), fn), executor);
  }

  @Override
  public CompletableFuture<Void> thenAccept(Consumer<? super T> action) {
    return super.thenAccept(consumer(contextPropagator(), action));
  }

  @Override
  public CompletableFuture<Void> thenAcceptAsync(Consumer<? super T> action) {
    return super.thenAcceptAsync(consumer(contextPropagator(), action));
  }

  @Override
  public CompletableFuture<Void> thenAcceptAsync(Consumer<? super T> action, Executor executor) {
    return super.thenAcceptAsync(consumer(contextPropagator(), action), executor);
  }

  @Override
  public CompletableFuture<Void> thenRun(Runnable action) {
    return super.thenRun(runnable(contextPropagator(), action));
  }

  @Override
  public CompletableFuture<Void> thenRunAsync(Runnable action) {
    return super.thenRunAsync(runnable(contextPropagator(), action));
  }

  @Override
  public CompletableFuture<Void> thenRunAsync(Runnable action, Executor executor) {
    return super.thenRunAsync(runnable(contextPropagator(), action), executor);
  }

  @Override
  public <U, V> CompletableFuture<V> thenCombine(
      CompletionStage<? extends U> other, BiFunction<? super T, ? super U, ? extends V> fn) {
    return super.thenCombine(other, biFunction(contextPropagator(), fn));
  }

  @Override
  public <U, V> CompletableFuture<V> thenCombineAsync(
      CompletionStage<? extends U> other, BiFunction<? super T, ? super U, ? extends V> fn) {
    return super.thenCombineAsync(other, biFunction(contextPropagator(), fn));
  }

  @Override
  public <U, V> CompletableFuture<V> thenCombineAsync(
      CompletionStage<? extends U> other,
      BiFunction<? super T, ? super U, ? extends V> fn,
      Executor executor) {
    return super.thenCombineAsync(other, biFunction(contextPropagator(), fn), executor);
  }

  @Override
  public <U> CompletableFuture<Void> thenAcceptBoth(
      CompletionStage<? extends U> other, BiConsumer<? super T, ? super U> action) {
    return super.thenAcceptBoth(other, biConsumer(contextPropagator(), action));
  }

  @Override
  public <U> CompletableFuture<Void> thenAcceptBothAsync(
      CompletionStage<? extends U> other, BiConsumer<? super T, ? super U> action) {
    return super.thenAcceptBothAsync(other, biConsumer(contextPropagator(), action));
  }

  @Override
  public <U> CompletableFuture<Void> thenAcceptBothAsync(
      CompletionStage<? extends U> other,
      BiConsumer<? super T, ? super U> action,
      Executor executor) {
    return super.thenAcceptBothAsync(other, biConsumer(contextPropagator(), action), executor);
  }

  @Override
  public CompletableFuture<Void> runAfterBoth(CompletionStage<?> other, Runnable action) {
    return super.runAfterBoth(other, runnable(contextPropagator(), action));
  }

  @Override
  public CompletableFuture<Void> runAfterBothAsync(CompletionStage<?> other, Runnable action) {
    return super.runAfterBothAsync(other, runnable(contextPropagator(), action));
  }

  @Override
  public CompletableFuture<Void> runAfterBothAsync(
      CompletionStage<?> other, Runnable action, Executor executor) {
    return super.runAfterBothAsync(other, runnable(contextPropagator(), action), executor);
  }

  @Override
  public <U> CompletableFuture<U> applyToEither(
      CompletionStage<? extends T> other, Function<? super T, U> fn) {
    return super.applyToEither(other, function(contextPropagator(), fn));
  }

  @Override
  public <U> CompletableFuture<U> applyToEitherAsync(
      CompletionStage<? extends T> other, Function<? super T, U> fn) {
    return super.applyToEitherAsync(other, function(contextPropagator(), fn));
  }

  @Override
  public <U> CompletableFuture<U> applyToEitherAsync(
      CompletionStage<? extends T> other, Function<? super T, U> fn, Executor executor) {
    return super.applyToEitherAsync(other, function(contextPropagator(), fn), executor);
  }

  @Override
  public CompletableFuture<Void> acceptEither(
      CompletionStage<? extends T> other, Consumer<? super T> action) {
    return super.acceptEither(other, consumer(contextPropagator(), action));
  }

  @Override
  public CompletableFuture<Void> acceptEitherAsync(
      CompletionStage<? extends T> other, Consumer<? super T> action) {
    return super.acceptEitherAsync(other, consumer(contextPropagator(), action));
  }

  @Override
  public CompletableFuture<Void> acceptEitherAsync(
      CompletionStage<? extends T> other, Consumer<? super T> action, Executor executor) {
    return super.acceptEitherAsync(other, consumer(contextPropagator(), action), executor);
  }

  @Override
  public CompletableFuture<Void> runAfterEither(CompletionStage<?> other, Runnable action) {
    return super.runAfterEither(other, runnable(contextPropagator(), action));
  }

  @Override
  public CompletableFuture<Void> runAfterEitherAsync(CompletionStage<?> other, Runnable action) {
    return super.runAfterEitherAsync(other, runnable(contextPropagator(), action));
  }

  @Override
  public CompletableFuture<Void> runAfterEitherAsync(
      CompletionStage<?> other, Runnable action, Executor executor) {
    return super.runAfterEitherAsync(other, runnable(contextPropagator(), action), executor);
  }

  @Override
  public <U> CompletableFuture<U> thenCompose(
      Function<? super T, ? extends CompletionStage<U>> fn) {
    return super.thenCompose(function(contextPropagator(), fn));
  }

  @Override
  public <U> CompletableFuture<U> thenComposeAsync(
      Function<? super T, ? extends CompletionStage<U>> fn) {
    return super.thenComposeAsync(function(contextPropagator(), fn));
  }

  @Override
  public <U> CompletableFuture<U> thenComposeAsync(
      Function<? super T, ? extends CompletionStage<U>> fn, Executor executor) {
    return super.thenComposeAsync(function(contextPropagator(), fn), executor);
  }

  @Override
  public <U> CompletableFuture<U> handle(BiFunction<? super T, Throwable, ? extends U> fn) {
    return super.handle(biFunction(contextPropagator(), fn));
  }

  @Override
  public <U> CompletableFuture<U> handleAsync(BiFunction<? super T, Throwable, ? extends U> fn) {
    return super.handleAsync(biFunction(contextPropagator(), fn));
  }

  @Override
  public <U> CompletableFuture<U> handleAsync(
      BiFunction<? super T, Throwable, ? extends U> fn, Executor executor) {
    return super.handleAsync(biFunction(contextPropagator(), fn), executor);
  }

  @Override
  public CompletableFuture<T> whenComplete(BiConsumer<? super T, ? super Throwable> action) {
    return super.whenComplete(biConsumer(contextPropagator(), action));
  }

  @Override
  public CompletableFuture<T> whenCompleteAsync(BiConsumer<? super T, ? super Throwable> action) {
    return super.whenCompleteAsync(biConsumer(contextPropagator(), action));
  }

  @Override
  public CompletableFuture<T> whenCompleteAsync(
      BiConsumer<? super T, ? super Throwable> action, Executor executor) {
    return super.whenCompleteAsync(biConsumer(contextPropagator(), action), executor);
  }

  @Override
  public CompletableFuture<T> exceptionally(Function<Throwable, ? extends T> fn) {
    return super.exceptionally(function(contextPropagator(), fn));
  }

  @Override
  public CompletableFuture<T> exceptionallyAsync(Function<Throwable, ? extends T> fn) {
    return super.exceptionallyAsync(function(contextPropagator(), fn));
  }

  @Override
  public CompletableFuture<T> exceptionallyAsync(
      Function<Throwable, ? extends T> fn, Executor executor) {
    return super.exceptionallyAsync(function(contextPropagator(), fn), executor);
  }

  @Override
  public CompletableFuture<T> exceptionallyCompose(
      Function<Throwable, ? extends CompletionStage<T>> fn) {
    return super.exceptionallyCompose(function(contextPropagator(), fn));
  }

  @Override
  public CompletableFuture<T> exceptionallyComposeAsync(
      Function<Throwable, ? extends CompletionStage<T>> fn) {
    return super.exceptionallyComposeAsync(function(contextPropagator(), fn));
  }

  @Override
  public CompletableFuture<T> exceptionallyComposeAsync(
      Function<Throwable, ? extends CompletionStage<T>> fn, Executor executor) {
    return super.exceptionallyComposeAsync(function(contextPropagator(), fn), executor);
  }

  @Override
  public CompletableFuture<T> completeAsync(Supplier<? extends T> supplier) {
    return super.completeAsync(supplier(contextPropagator(), supplier));
  }

  @Override
  public CompletableFuture<T> completeAsync(Supplier<? extends T> supplier, Executor executor) {
    return super.completeAsync(supplier(contextPropagator(), supplier), executor);
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
