package dev.tandem.loop;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Debug mode's registry of the futures created on one loop, for the pending-futures dump: weak
 * keys (a future nobody holds leaves by itself), each with its creation number. Any thread, under
 * this object's lock; only loops in debug mode have one, so normal mode pays nothing.
 *
 * <p>{@link WeakHashMap} compares keys with {@code equals}, which loop futures do not override:
 * identity.
 */
final class DebugRegistry {
  private final Map<DefaultLoopFuture<?>, Long> futures = new WeakHashMap<>();
  private long created;

  synchronized void add(DefaultLoopFuture<?> future) {
    futures.put(future, created++);
  }

  /** The futures still registered that are not done, in creation order. */
  synchronized List<DefaultLoopFuture<?>> pending() {
    List<Map.Entry<DefaultLoopFuture<?>, Long>> entries = new ArrayList<>();
    for (Map.Entry<DefaultLoopFuture<?>, Long> e : futures.entrySet()) {
      if (!e.getKey().isDone()) {
        entries.add(Map.entry(e.getKey(), e.getValue()));
      }
    }
    entries.sort(Map.Entry.comparingByValue(Comparator.naturalOrder()));
    List<DefaultLoopFuture<?>> out = new ArrayList<>(entries.size());
    for (Map.Entry<DefaultLoopFuture<?>, Long> e : entries) {
      out.add(e.getKey());
    }
    return out;
  }
}
