package dev.tandem.loop;

import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * A read-once set over the first {@code size} elements of an array, iterating in array order:
 * how {@link WaitFuture} hands its done and not-done futures to {@link
 * dev.tandem.api.DoneAndNotDone}, whose constructor copies them (through {@link #toArray()},
 * which hands over the array itself when it is full) into sets of its own. Building one costs
 * this object and the caller's array, and no hashing; {@link #contains} is {@link AbstractSet}'s
 * linear scan, as nothing but that copy reads it. The elements must be distinct and not null,
 * and the caller must never write the array again.
 */
final class ArraySet<E> extends AbstractSet<E> {
  private final Object[] elements;
  private final int size;

  ArraySet(Object[] elements, int size) {
    this.elements = elements;
    this.size = size;
  }

  @Override
  public int size() {
    return size;
  }

  /**
   * What DoneAndNotDone's copy calls: the array itself when it holds exactly the elements (the
   * caller never writes it again, and the copy is this set's only reader), else a copy of the
   * first {@code size}. Handing it over saves copying up to 100,000 references per wait.
   */
  @Override
  public Object[] toArray() {
    return size == elements.length ? elements : Arrays.copyOf(elements, size);
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
