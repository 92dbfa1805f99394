package dev.tandem.loop;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/** A binary min-heap of timers by deadline, then sequence; loop thread only. */
final class TimerHeap {
  private TimerHandle[] heap = new TimerHandle[16];
  private int size;
  private long nextSequence;

  void add(TimerHandle t) {
    t.sequence = nextSequence++;
    if (size == heap.length) {
      heap = Arrays.copyOf(heap, size << 1);
    }
    int i = size++;
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      TimerHandle p = heap[parent];
      if (!t.runsBefore(p)) {
        break;
      }
      heap[i] = p;
      i = parent;
    }
    heap[i] = t;
  }

  /** The sequence number the next timer added will get. */
  long nextSequence() {
    return nextSequence;
  }

  /**
   * Whether a timer that is not cancelled is due before {@code deadline} or was added at or after
   * sequence number {@code sequence}; O(size).
   */
  boolean anyLive(long deadline, long sequence) {
    for (int i = 0; i < size; i++) {
      TimerHandle t = heap[i];
      if (t.pendingCallback() != null && (t.deadline - deadline < 0 || t.sequence >= sequence)) {
        return true;
      }
    }
    return false;
  }

  /** How many timers the heap holds, cancelled ones not yet dropped included. */
  int size() {
    return size;
  }

  /** The timers in deadline order, for a report; a copy. */
  TimerHandle[] snapshot() {
    TimerHandle[] out = Arrays.copyOf(heap, size);
    Arrays.sort(out, (a, b) -> a.runsBefore(b) ? -1 : b.runsBefore(a) ? 1 : 0);
    return out;
  }

  @Nullable TimerHandle peek() {
    return size == 0 ? null : heap[0];
  }

  @Nullable TimerHandle poll() {
    if (size == 0) {
      return null;
    }
    TimerHandle top = heap[0];
    TimerHandle last = heap[--size];
    heap[size] = null;
    if (size > 0) {
      int i = 0;
      int half = size >>> 1;
      while (i < half) {
        int child = 2 * i + 1;
        TimerHandle c = heap[child];
        int right = child + 1;
        if (right < size && heap[right].runsBefore(c)) {
          child = right;
          c = heap[child];
        }
        if (!c.runsBefore(last)) {
          break;
        }
        heap[i] = c;
        i = child;
      }
      heap[i] = last;
    }
    return top;
  }
}
