package dev.tandem.loop;

import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An unmodifiable set over an array of distinct elements, iterating in array order: what {@link
 * DoneAndPending} hands out. Building it costs one array and no hashing; the hash index that
 * {@link #contains} needs is built on its first call, so callers who only iterate never pay
 * for it. Safe to read from any thread once published safely.
 */
final class ArraySet<E> extends AbstractSet<E> {
  private static final ArraySet<?> EMPTY = new ArraySet<>(new Object[0], 0);

  private final Object[] elements;
  private final int size;
  private volatile @Nullable Set<Object> index;

  private ArraySet(Object[] elements, int size) {
    this.elements = elements;
    this.size = size;
  }

  /**
   * An unmodifiable set of the first {@code size} elements of {@code elements}, which must be
   * distinct and not null; the array is kept, not copied, so it must not change afterwards.
   */
  @SuppressWarnings("unchecked")
  static <E> Set<E> of(Object[] elements, int size) {
    return Collections.unmodifiableSet(
        size == 0 ? (Set<E>) EMPTY : new ArraySet<>(elements, size));
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public boolean isEmpty() {
    return size == 0;
  }

  @Override
  public boolean contains(@Nullable Object o) {
    if (size <= 8) {
      for (int i = 0; i < size; i++) {
        Object e = elements[i];
        if (e == o || (o != null && o.equals(e))) {
          return true;
        }
      }
      return false;
    }
    Set<Object> s = index;
    if (s == null) {
      s = new HashSet<>(Arrays.asList(elements).subList(0, size));
      index = s;
    }
    return s.contains(o);
  }

  @Override
  public Object[] toArray() {
    return Arrays.copyOf(elements, size);
  }

  @Override
  public Iterator<E> iterator() {
    return new Iterator<>() {
      private int next;

      @Override
      public boolean hasNext() {
        return next < size;
      }

      @Override
      @SuppressWarnings("unchecked")
      public E next() {
        if (next >= size) {
          throw new NoSuchElementException();
        }
        return (E) elements[next++];
      }
    };
  }
}
