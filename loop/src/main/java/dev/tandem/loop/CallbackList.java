package dev.tandem.loop;

import dev.tandem.api.ContextSnapshot;
import java.util.Arrays;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The done callbacks of a future once it has more than one (a single callback is stored
 * directly). In debug mode a future starts with an empty list that carries its creation site; a
 * named future's list carries its name. A list that carries either stays with its future after
 * the future completed (emptied), so the name and the site outlive the callbacks.
 *
 * <p>On a loop with context propagation a future starts with a list that carries the context it
 * was created in ({@link #creationContext}), for the unretrieved-failure report; that one does not
 * outlive the callbacks: completing the future drops it (a failure takes it along).
 */
final class CallbackList {
  private static final Object[] NONE_YET = new Object[0];

  final @Nullable Throwable creationSite;

  /** The future's name, or null; written on the loop thread. */
  @Nullable String name;

  /** Where the future was created, with propagation on; null otherwise and once it completed. */
  @Nullable ContextSnapshot creationContext;

  private Object[] items;
  private int size;

  CallbackList(@Nullable Throwable creationSite) {
    this.creationSite = creationSite;
    this.items = new Object[2];
  }

  /** A list for a future that gets a name, holding its one callback so far, if any. */
  CallbackList(String name, @Nullable Object callback) {
    this.creationSite = null;
    this.name = name;
    this.items = new Object[2];
    if (callback != null) {
      items[size++] = callback;
    }
  }

  /**
   * A list for a new future of a loop with context propagation: it carries {@code
   * creationContext}, and {@code creationSite} in debug mode; the array comes with the first
   * callback.
   */
  CallbackList(@Nullable Throwable creationSite, ContextSnapshot creationContext) {
    this.creationSite = creationSite;
    this.creationContext = creationContext;
    this.items = NONE_YET;
  }

  /**
   * Whether the list carries something besides callbacks that outlives them (a creation site, a
   * name).
   */
  boolean carriesMetadata() {
    return creationSite != null || name != null;
  }

  /** Drops every callback and the creation context, keeping the metadata. */
  void clear() {
    Arrays.fill(items, 0, size, null);
    size = 0;
    creationContext = null;
  }

  /**
   * The callbacks, moved to a new list that the loop runs, leaving this one empty with its
   * metadata (a named or debug-mode future keeps its list after completion).
   */
  CallbackList takeCallbacks() {
    CallbackList taken = new CallbackList(items, size);
    items = NONE_YET;
    size = 0;
    return taken;
  }

  private CallbackList(Object[] items, int size) {
    this.creationSite = null;
    this.items = items;
    this.size = size;
  }

  CallbackList(Object first, Object second) {
    this.creationSite = null;
    this.items = new Object[] {first, second, null, null};
    this.size = 2;
  }

  void add(Consumer<?> callback) {
    if (size == items.length) {
      items = Arrays.copyOf(items, Math.max(2, size << 1));
    }
    items[size++] = callback;
  }

  int removeAll(Consumer<?> callback) {
    int kept = 0;
    for (int i = 0; i < size; i++) {
      Object c = items[i];
      if (!ContextCallbacks.matches(callback, c)) {
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
