package dev.tandem.threads;

import dev.tandem.api.ContextPropagator;
import dev.tandem.api.ContextSnapshot;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * User functions wrapped to run in a context captured now: for the dependent stages of a {@code
 * CompletableFuture} view and the tasks of an executor with propagation. Each wrapper opens its
 * snapshot around the call and closes it after, on whichever thread calls it, so that thread
 * holds afterwards what it held before. With {@link ContextPropagator#none()} the function is
 * returned as it is. A null function is refused here, as the JDK would refuse it.
 */
final class ContextFunctions {
  private ContextFunctions() {}

  /**
   * {@link dev.tandem.api.ContextCarrier#propagatorOf}, with Tandem's own executor futures first
   * through a class check. On JDK 17 an {@code instanceof} against an interface that alternates
   * with checks against other interfaces on the same class misses HotSpot's one-entry cache of
   * secondary supers and scans them every time (a third of a three-step chain's time, measured);
   * a class check reads the fixed display of primary supers.
   */
  static ContextPropagator propagatorOf(Object source) {
    return source instanceof ExecutorFutureBase<?> own
        ? own.contextPropagator()
        : dev.tandem.api.ContextCarrier.propagatorOf(source);
  }

  static <A, R> Function<A, R> function(ContextPropagator p, Function<A, R> fn) {
    Objects.requireNonNull(fn);
    if (p == ContextPropagator.none()) {
      return fn;
    }
    ContextSnapshot snapshot = p.capture();
    return a -> {
      try (ContextSnapshot.Scope ignored = snapshot.open()) {
        return fn.apply(a);
      }
    };
  }

  static <A, B, R> BiFunction<A, B, R> biFunction(ContextPropagator p, BiFunction<A, B, R> fn) {
    Objects.requireNonNull(fn);
    if (p == ContextPropagator.none()) {
      return fn;
    }
    ContextSnapshot snapshot = p.capture();
    return (a, b) -> {
      try (ContextSnapshot.Scope ignored = snapshot.open()) {
        return fn.apply(a, b);
      }
    };
  }

  static <A> Consumer<A> consumer(ContextPropagator p, Consumer<A> action) {
    Objects.requireNonNull(action);
    if (p == ContextPropagator.none()) {
      return action;
    }
    ContextSnapshot snapshot = p.capture();
    return a -> {
      try (ContextSnapshot.Scope ignored = snapshot.open()) {
        action.accept(a);
      }
    };
  }

  static <A, B> BiConsumer<A, B> biConsumer(ContextPropagator p, BiConsumer<A, B> action) {
    Objects.requireNonNull(action);
    if (p == ContextPropagator.none()) {
      return action;
    }
    ContextSnapshot snapshot = p.capture();
    return (a, b) -> {
      try (ContextSnapshot.Scope ignored = snapshot.open()) {
        action.accept(a, b);
      }
    };
  }

  static Runnable runnable(ContextPropagator p, Runnable action) {
    Objects.requireNonNull(action);
    return p == ContextPropagator.none() ? action : p.capture().wrap(action);
  }

  static <R> Supplier<R> supplier(ContextPropagator p, Supplier<R> supplier) {
    Objects.requireNonNull(supplier);
    if (p == ContextPropagator.none()) {
      return supplier;
    }
    ContextSnapshot snapshot = p.capture();
    return () -> {
      try (ContextSnapshot.Scope ignored = snapshot.open()) {
        return supplier.get();
      }
    };
  }

  static <R extends @Nullable Object> Callable<R> callable(ContextPropagator p, Callable<R> task) {
    return p == ContextPropagator.none() ? task : p.capture().wrap(task);
  }
}
