package dev.tandem.loop;

import org.jspecify.annotations.Nullable;

/**
 * The loop thread's FIFO of ready work: a growable ring of objects with no synchronization.
 * Entries are {@link LoopHandle}s (callbacks and due timers), or a {@link DefaultLoopFuture}
 * followed by one of its done callbacks (two slots, so scheduling a done callback allocates
 * nothing). {@code head} and {@code tail} count entries ever taken and added. Loop thread only,
 * or the one set-up thread while the loop is not running; the loop asserts that at its callers.
 */
final class ReadyQueue {
  private @Nullable Object[] elements = new Object[64];
  private int head;
  private int tail;

  void add(Object e) {
    Object[] a = elements;
    if (tail - head == a.length) {
      a = grow();
    }
    a[tail & (a.length - 1)] = e;
    tail++;
  }

  void add(Object first, Object second) {
    Object[] a = elements;
    if (tail - head + 2 > a.length) {
      a = grow();
    }
    int mask = a.length - 1;
    a[tail & mask] = first;
    a[(tail + 1) & mask] = second;
    tail += 2;
  }

  /** Takes the oldest entry, or null if empty. */
  @Nullable Object poll() {
    if (head == tail) {
      return null;
    }
    Object[] a = elements;
    int i = head & (a.length - 1);
    Object e = a[i];
    a[i] = null;
    head++;
    return e;
  }

  boolean isEmpty() {
    return head == tail;
  }

  int size() {
    return tail - head;
  }

  /** The entries in order, for a report; a copy. */
  Object[] snapshot() {
    int n = Math.max(0, tail - head);
    Object[] a = elements;
    Object[] out = new Object[n];
    for (int i = 0; i < n; i++) {
      out[i] = a[(head + i) & (a.length - 1)];
    }
    return out;
  }

  private Object[] grow() {
    Object[] old = elements;
    int n = old.length;
    Object[] a = new Object[n << 1];
    int mask = n - 1;
    for (int i = 0, size = tail - head; i < size; i++) {
      a[i] = old[(head + i) & mask];
    }
    tail = tail - head;
    head = 0;
    elements = a;
    return a;
  }
}
