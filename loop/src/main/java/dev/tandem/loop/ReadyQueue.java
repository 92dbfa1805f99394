package dev.tandem.loop;

import org.jspecify.annotations.Nullable;

/**
 * The loop thread's FIFO of ready work, with no synchronization. Entries are {@link LoopHandle}s
 * (callbacks and due timers), or a {@link DefaultLoopFuture} followed by one of its done callbacks
 * (two slots, so scheduling a done callback allocates no node). Loop thread only, or the one
 * set-up thread while the loop is not running; the loop asserts that at its callers.
 *
 * <p>A linked list of fixed-size chunks, each a fresh array: the last slot of a full chunk links
 * to the next one, the head drops a chunk once it has taken everything in it, and a taken slot is
 * cleared at once, so the queue keeps nothing alive that already ran. Why not one ring reused
 * for ever: a long-lived array is in the old generation, and every store of a new entry into it
 * is an old-to-young reference, for which G1's card-marking barrier issues a memory fence (JDK 17
 * and later). A fresh chunk is young, so filling it costs plain stores; the fence is paid once
 * per chunk, when the queue's ends move to the next one. The price is allocation: about four
 * bytes per slot, a chunk of {@value #CHUNK} slots at a time.
 */
final class ReadyQueue {
  /** Slots per chunk; the last one holds the link to the next chunk. */
  static final int CHUNK = 256;

  private static final int LINK = CHUNK - 1;

  private @Nullable Object[] headChunk;
  private int headIndex;
  private @Nullable Object[] tailChunk;
  private int tailIndex;

  /** Entries queued; plain, read racily by the loop's health snapshot. */
  private int size;

  ReadyQueue() {
    Object[] first = new Object[CHUNK];
    headChunk = first;
    tailChunk = first;
  }

  void add(Object e) {
    if (tailIndex == LINK) {
      nextTailChunk();
    }
    tailChunk[tailIndex++] = e;
    size++;
  }

  void add(Object first, Object second) {
    add(first);
    add(second);
  }

  private void nextTailChunk() {
    Object[] next = new Object[CHUNK];
    tailChunk[LINK] = next;
    tailChunk = next;
    tailIndex = 0;
  }

  /** Takes the oldest entry, or null if empty. */
  @Nullable Object poll() {
    if (size == 0) {
      return null;
    }
    if (headIndex == LINK) {
      Object[] done = headChunk;
      headChunk = (Object[]) done[LINK];
      done[LINK] = null;
      headIndex = 0;
    }
    Object[] chunk = headChunk;
    Object e = chunk[headIndex];
    chunk[headIndex++] = null;
    size--;
    return e;
  }

  boolean isEmpty() {
    return size == 0;
  }

  int size() {
    return size;
  }

  /** The entries in order, for a report; a copy. */
  Object[] snapshot() {
    Object[] out = new Object[size];
    Object[] chunk = headChunk;
    int i = headIndex;
    for (int n = 0; n < out.length; n++) {
      if (i == LINK) {
        chunk = (Object[]) chunk[LINK];
        i = 0;
      }
      out[n] = chunk[i++];
    }
    return out;
  }
}
