package dev.tandem.loop;

import java.util.Arrays;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The done callbacks of a future once it has more than one (a single callback is stored
 * directly). In debug mode a future starts with an empty list that carries its creation site.
 */
final class CallbackList {
  final @Nullable Throwable creationSite;
  private Object[] items;
  private int size;

  CallbackList(@Nullable Throwable creationSite) {
    this.creationSite = creationSite;
    this.items = new Object[2];
  }

  CallbackList(Object first, Object second) {
    this.creationSite = null;
    this.items = new Object[] {first, second, null, null};
    this.size = 2;
  }

  void add(Consumer<?> callback) {
    if (size == items.length) {
      items = Arrays.copyOf(items, size << 1);
    }
    items[size++] = callback;
  }

  int removeAll(Consumer<?> callback) {
    int kept = 0;
    for (int i = 0; i < size; i++) {
      Object c = items[i];
      if (!callback.equals(c)) {
        items[kept++] = c;
      }
    }
    int removed = size - kept;
    Arrays.fill(items, kept, size, null);
    size = kept;
    return removed;
  }

  int size() {
    return size;
  }

  Object get(int i) {
    return items[i];
  }
}
