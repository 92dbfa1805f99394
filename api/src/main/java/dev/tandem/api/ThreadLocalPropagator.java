package dev.tandem.api;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * {@link ContextPropagator#ofThreadLocals}: one thread-local is captured as a value and a scope
 * holds the value it replaced; several are captured into one array.
 *
 * <p>For one or two thread-locals (two is the common case: a user's thread-local beside Tandem's
 * own scope, which {@link ContextPropagator#composite} fuses into one propagator) the common cases
 * allocate one snapshot per capture and nothing per open: a captured absence is one shared
 * snapshot per propagator, and a scope that replaced no value (a loop or pool thread that holds
 * none of its own) is one shared scope that clears what was set.
 *
 * <p>Opening sets only the thread-locals whose value differs from the captured one; closing puts
 * back every one of them, also a value the code in the scope set itself (as Python's {@code
 * Context.run} keeps a callback's changes to itself). A scope that puts back what the snapshot
 * holds is the snapshot itself, so re-entering the context a thread already has allocates nothing.
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
    return fused(locals, "ofThreadLocals", locals.size() == 1 ? locals.get(0) : locals);
  }

  /**
   * One propagator over {@code locals} (checked), shown as {@code
   * ContextPropagator.<factory>(<shown>)} (the text is made when asked for, not here).
   */
  @SuppressWarnings("unchecked")
  static ContextPropagator fused(List<ThreadLocal<?>> locals, String factory, Object shown) {
    Name name = new Name(factory, shown);
    switch (locals.size()) {
      case 1:
        return new One<>((ThreadLocal<Object>) locals.get(0), name);
      case 2:
        return new Two((ThreadLocal<Object>) locals.get(0), (ThreadLocal<Object>) locals.get(1), name);
      default:
        return new Many(locals.toArray(new ThreadLocal[0]), name);
    }
  }

  /** How a propagator made here shows itself. */
  private record Name(String factory, Object shown) {
    @Override
    public String toString() {
      return "ContextPropagator." + factory + "(" + shown + ")";
    }
  }

  /**
   * The thread-locals {@code propagator} captures if it is one made here, else null: {@link
   * CompositePropagator} fuses parts made of thread-locals into one propagator.
   */
  static @Nullable List<ThreadLocal<?>> localsOf(ContextPropagator propagator) {
    if (propagator instanceof One<?> one) {
      return List.of(one.local);
    }
    if (propagator instanceof Two two) {
      return List.of(two.first, two.second);
    }
    return propagator instanceof Many many ? List.of(many.locals) : null;
  }

  /** Sets {@code value} (null for absent) on {@code local} and returns what it had. */
  static <T> @Nullable T swap(ThreadLocal<T> local, @Nullable T value) {
    T previous = local.get();
    local.set(value);
    return previous;
  }

  private static final class One<T> implements ContextPropagator {
    private final ThreadLocal<T> local;
    private final Name name;
    private final Absent<T> absent;
    private final ContextSnapshot.Scope remove;

    One(ThreadLocal<T> local, Name name) {
      this.local = local;
      this.name = name;
      this.remove = () -> local.set(null);
      this.absent = new Absent<>(local, remove);
    }

    @Override
    public ContextSnapshot capture() {
      T value = local.get();
      return value == null ? absent : new Value<>(local, value, remove);
    }

    @Override
    public ContextSnapshot captureReusing(ContextSnapshot held) {
      Objects.requireNonNull(held, "held");
      T value = local.get();
      if (value == null) {
        return absent;
      }
      return held instanceof Value<?> same && same.local == local && same.value == value
          ? held
          : new Value<>(local, value, remove);
    }

    @Override
    public String toString() {
      return name.toString();
    }
  }

  /**
   * A captured value; its scope restores the replaced value, or is the shared {@code remove}
   * scope when the thread had none. A thread that already holds the value is left alone.
   */
  private static final class Value<T> implements ContextSnapshot, ContextSnapshot.Scope {
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
      if (previous == value) {
        return this; // closing sets the value again: what the thread had
      }
      local.set(value);
      return previous == null ? remove : new Restore<>(local, previous);
    }

    /**
     * The scope of an open on a thread that already held the value: puts it back if the code in
     * the scope changed it (reading first skips a write, and its barrier, in the common case).
     */
    @Override
    public void close() {
      if (local.get() != value) {
        local.set(value);
      }
    }
  }

  /** A captured absence: opening clears the value, closing puts back what was there. */
  private static final class Absent<T> implements ContextSnapshot {
    private final ThreadLocal<T> local;
    private final Scope remove;

    Absent(ThreadLocal<T> local, Scope remove) {
      this.local = local;
      this.remove = remove;
    }

    @Override
    public Scope open() {
      T previous = local.get();
      if (previous == null) {
        return remove;
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
      local.set(previous);
    }
  }

  /**
   * Two thread-locals, captured into one object: the user's thread-local beside Tandem's scope
   * costs one snapshot per registration, where a composite of two would cost three objects.
   */
  private static final class Two implements ContextPropagator {
    final ThreadLocal<Object> first;
    final ThreadLocal<Object> second;
    private final Name name;
    private final Pair absent;
    /** The scope of an open on a thread that had neither value: clears both again. */
    private final ContextSnapshot.Scope clearBoth;

    Two(ThreadLocal<Object> first, ThreadLocal<Object> second, Name name) {
      this.first = first;
      this.second = second;
      this.name = name;
      this.absent = new Pair(this, null, null);
      this.clearBoth =
          () -> {
            second.set(null);
            first.set(null);
          };
    }

    @Override
    public ContextSnapshot capture() {
      Object a = first.get();
      Object b = second.get();
      return a == null && b == null ? absent : new Pair(this, a, b);
    }

    @Override
    public ContextSnapshot captureReusing(ContextSnapshot held) {
      Objects.requireNonNull(held, "held");
      Object a = first.get();
      Object b = second.get();
      if (a == null && b == null) {
        return absent;
      }
      return held instanceof Pair same && same.locals == this && same.a == a && same.b == b
          ? held
          : new Pair(this, a, b);
    }

    @Override
    public String toString() {
      return name.toString();
    }
  }

  private static final class Pair implements ContextSnapshot, ContextSnapshot.Scope {
    private final Two locals;
    private final @Nullable Object a;
    private final @Nullable Object b;

    Pair(Two locals, @Nullable Object a, @Nullable Object b) {
      this.locals = locals;
      this.a = a;
      this.b = b;
    }

    @Override
    public Scope open() {
      Two l = locals;
      Object pa = l.first.get();
      if (pa != a) {
        l.first.set(a);
      }
      Object pb = l.second.get();
      if (pb != b) {
        l.second.set(b);
      }
      if (pa == null && pb == null) {
        return l.clearBoth;
      }
      return pa == a && pb == b ? this : new RestoreBoth(l, pa, pb);
    }

    /** The scope of an open on a thread that already had these values: puts back any changed. */
    @Override
    public void close() {
      Two l = locals;
      if (l.second.get() != b) {
        l.second.set(b);
      }
      if (l.first.get() != a) {
        l.first.set(a);
      }
    }
  }

  private static final class RestoreBoth implements ContextSnapshot.Scope {
    private final Two locals;
    private final @Nullable Object a;
    private final @Nullable Object b;

    RestoreBoth(Two locals, @Nullable Object a, @Nullable Object b) {
      this.locals = locals;
      this.a = a;
      this.b = b;
    }

    @Override
    public void close() {
      locals.second.set(b);
      locals.first.set(a);
    }
  }

  private static final class Many implements ContextPropagator {
    final ThreadLocal<Object>[] locals;
    private final Name name;

    Many(ThreadLocal<Object>[] locals, Name name) {
      this.locals = locals;
      this.name = name;
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
      return name.toString();
    }
  }
}
