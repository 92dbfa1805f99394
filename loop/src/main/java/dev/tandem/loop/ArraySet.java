package dev.tandem.loop;

import java.util.AbstractSet;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * A read-once set over the first {@code size} elements of an array, iterating in array order:
 * how {@link WaitFuture} hands its done and not-done futures to {@link
 * dev.tandem.api.DoneAndNotDone}, whose constructor copies them into sets of its own. Building
 * one costs this object and the caller's array, and no hashing; {@link #contains} is {@link
 * AbstractSet}'s linear scan, as nothing but that copy reads it. The elements must be distinct
 * and not null, and the array must not change while the set is read.
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
