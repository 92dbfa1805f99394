package dev.tandem.api;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * {@link ContextPropagator#ofThreadLocals}: one thread-local is captured as a value and a scope
 * holds the value it replaced; several are captured into one array.
 *
 * <p>For one thread-local the common cases allocate nothing beyond the captured value: a captured
 * absence is one shared snapshot per propagator, and a scope that replaced no value (a loop or
 * pool thread that holds none of its own) is one shared scope that clears the value again.
 *
 * <p>Absence is put back by setting null, not by {@link ThreadLocal#remove()}: a thread that runs
 * many callbacks then keeps its one entry in its thread-local map, where removing it would make
 * the next callback's set allocate a new entry (a weak reference, which also costs the garbage
 * collector) every time. {@code get()} reads null either way.
 */
final class ThreadLocalPropagator {

  private ThreadLocalPropagator() {}

  static ContextPropagator of(List<ThreadLocal<?>> locals) {
    if (locals.isEmpty()) {
      throw new IllegalArgumentException("ofThreadLocals needs at least one ThreadLocal");
    }
    for (ThreadLocal<?> local : locals) {
      Objects.requireNonNull(local, "a ThreadLocal passed to ofThreadLocals is null");
    }
    if (locals.size() == 1) {
      return new One<>(locals.get(0));
    }
    @SuppressWarnings("unchecked")
    ThreadLocal<Object>[] array = locals.toArray(new ThreadLocal[0]);
    return new Many(array);
  }

  /** Sets {@code value} (null for absent) on {@code local} and returns what it had. */
  static <T> @Nullable T swap(ThreadLocal<T> local, @Nullable T value) {
    T previous = local.get();
    local.set(value);
    return previous;
  }

  private static final class One<T> implements ContextPropagator {
    private final ThreadLocal<T> local;
    private final Absent<T> absent;
    private final ContextSnapshot.Scope remove;

    One(ThreadLocal<T> local) {
      this.local = local;
      this.absent = new Absent<>(local);
      this.remove = () -> local.set(null);
    }

    @Override
    public ContextSnapshot capture() {
      T value = local.get();
      return value == null ? absent : new Value<>(local, value, remove);
    }

    @Override
    public String toString() {
      return "ContextPropagator.ofThreadLocals(" + local + ")";
    }
  }

  /**
   * A captured value; its scope restores the replaced value, or is the shared {@code remove}
   * scope when the thread had none.
   */
  private static final class Value<T> implements ContextSnapshot {
    private final ThreadLocal<T> local;
    private final T value;
    private final Scope remove;

    Value(ThreadLocal<T> local, T value, Scope remove) {
      this.local = local;
      this.value = value;
      this.remove = remove;
    }

    @Override
    public Scope open() {
      T previous = local.get();
      local.set(value);
      return previous == null ? remove : new Restore<>(local, previous);
    }
  }

  /** A captured absence: opening clears the value, closing puts back what was there. */
  private static final class Absent<T> implements ContextSnapshot {
    private final ThreadLocal<T> local;

    Absent(ThreadLocal<T> local) {
      this.local = local;
    }

    @Override
    public Scope open() {
      T previous = local.get();
      if (previous == null) {
        return NoContext.INSTANCE;
      }
      local.set(null);
      return new Restore<>(local, previous);
    }
  }

  private static final class Restore<T> implements ContextSnapshot.Scope {
    private final ThreadLocal<T> local;
    private final @Nullable T previous;

    Restore(ThreadLocal<T> local, @Nullable T previous) {
      this.local = local;
      this.previous = previous;
    }

    @Override
    public void close() {
      swap(local, previous);
    }
  }

  private static final class Many implements ContextPropagator {
    private final ThreadLocal<Object>[] locals;

    Many(ThreadLocal<Object>[] locals) {
      this.locals = locals;
    }

    @Override
    public ContextSnapshot capture() {
      @Nullable Object[] values = new Object[locals.length];
      for (int i = 0; i < locals.length; i++) {
        values[i] = locals[i].get();
      }
      return () -> {
        @Nullable Object[] previous = new Object[locals.length];
        for (int i = 0; i < locals.length; i++) {
          previous[i] = swap(locals[i], values[i]);
        }
        return () -> {
          for (int i = locals.length - 1; i >= 0; i--) {
            swap(locals[i], previous[i]);
          }
        };
      };
    }

    @Override
    public String toString() {
      return "ContextPropagator.ofThreadLocals(" + List.of(locals) + ")";
    }
  }
}
