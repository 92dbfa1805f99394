package dev.tandem.api;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The unmodifiable, insertion-ordered copy of a set that {@link DoneAndNotDone} holds: the
 * elements in one array, and an index for {@link #contains} built on its first call. Copying
 * calls no {@code hashCode()}: a group wait over 100,000 futures would otherwise install an
 * identity hash in every future (a call into the JVM, tens of nanoseconds each, the costliest
 * step of the whole wait) and make a {@code LinkedHashSet} entry for each, only to hand over
 * sets that are mostly iterated.
 *
 * <p>Thread-safe: the elements never change after construction, and the index is published
 * with a release store and read with an acquire load; threads that race to build it each build
 * the same one and keep whichever they see.
 */
final class FrozenSet<E> extends AbstractSet<E> {
  private static final VarHandle INDEX;

  static {
    try {
      INDEX = MethodHandles.lookup().findVarHandle(FrozenSet.class, "index", int[].class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Object[] elements;

  /** Open addressing over {@link #elements}: position + 1, 0 for an empty slot; null until used. */
  @SuppressWarnings("unused") // accessed through INDEX
  private int @Nullable [] index;

  private FrozenSet(Object[] elements) {
    this.elements = elements;
  }

  /**
   * The elements of {@code set}, in its iteration order.
   *
   * @throws NullPointerException naming {@code name} if {@code set} or an element is null
   */
  static <E> Set<E> copyOf(@Nullable Set<E> set, String name) {
    if (set == null) {
      throw new NullPointerException(name);
    }
    Object[] elements = set.toArray();
    for (Object e : elements) {
      if (e == null) {
        throw new NullPointerException("an element of " + name);
      }
    }
    return new FrozenSet<>(elements);
  }

  @Override
  public int size() {
    return elements.length;
  }

  @Override
  public boolean contains(@Nullable Object o) {
    if (o == null) {
      return false;
    }
    int[] table = (int[]) INDEX.getAcquire(this);
    if (table == null) {
      table = buildIndex();
      INDEX.setRelease(this, table);
    }
    int mask = table.length - 1;
    for (int slot = spread(o.hashCode()) & mask, at; (at = table[slot]) != 0; ) {
      if (o.equals(elements[at - 1])) {
        return true;
      }
      slot = (slot + 1) & mask;
    }
    return false;
  }

  private int[] buildIndex() {
    int n = elements.length;
    int[] table = new int[Math.max(2, Integer.highestOneBit(Math.max(1, n)) << 2)]; // >= 2n
    int mask = table.length - 1;
    for (int i = 0; i < n; i++) {
      int slot = spread(elements[i].hashCode()) & mask;
      while (table[slot] != 0) {
        slot = (slot + 1) & mask;
      }
      table[slot] = i + 1;
    }
    return table;
  }

  private static int spread(int h) {
    return h ^ (h >>> 16);
  }

  @Override
  public Object[] toArray() {
    return elements.clone();
  }

  @Override
  public Iterator<E> iterator() {
    return new Iterator<>() {
      private int next;

      @Override
      public boolean hasNext() {
        return next < elements.length;
      }

      @Override
      @SuppressWarnings("unchecked")
      public E next() {
        if (next >= elements.length) {
          throw new NoSuchElementException();
        }
        return (E) elements[next++];
      }
    };
  }
}
