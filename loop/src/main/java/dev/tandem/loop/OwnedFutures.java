package dev.tandem.loop;

import dev.tandem.api.AsyncFuture;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The pending futures one Tandem loop ({@link DefaultEventLoop}, {@link HostedEventLoop}) owns:
 * what {@code close()} cancels, what a graceful shutdown cancels, what {@link LoopHealth} counts
 * and the pending-futures dump lists. Loop-confined: the loop thread, or the one thread that sets
 * up or closes a loop that is not running.
 *
 * <p>Two ways in. An {@link OwnedLoopFuture} (every combinator's output, every {@code
 * runInExecutor} future, every adopted view) is linked into an intrusive doubly-linked list
 * through its own fields, and unlinks itself when it completes: owning it allocates
 * nothing and adds no callback, which matters for a chain of {@link LoopFutures#map} steps, each
 * owned. Any other future of the loop ({@link LoopFutures#cancelOnClose} on a {@code
 * createFuture()} future) goes into an identity set, and a done callback removes it.
 */
final class OwnedFutures {
  private @Nullable OwnedLoopFuture<?> oldest;
  private @Nullable OwnedLoopFuture<?> newest;

  /** How many futures are linked; plain, read racily by {@link #size()}. */
  private int linked;

  private final Set<DefaultLoopFuture<?>> others =
      Collections.newSetFromMap(new IdentityHashMap<>());
  private final Consumer<AsyncFuture<?>> remover = others::remove;

  /** Owns a pending {@code future} until it completes; owning it twice is owning it once. */
  void add(DefaultLoopFuture<?> future) {
    if (future instanceof OwnedLoopFuture<?> own) {
      if (own.owner == null) {
        link(own, besideOf(own));
      }
    } else if (others.add(future)) {
      future.addDoneCallback(remover);
    }
  }

  /**
   * Where a new future goes: a composition step just before its input when the input is in this
   * list too, else (null) at the newest end. The input is rarely at an end of the list, so linking
   * a step writes only into young objects. Writing a new object into the list's ends, which live
   * in the long-lived loop, costs G1 a memory fence (its card-marking barrier for an old-to-young
   * reference) on every registration.
   */
  private @Nullable OwnedLoopFuture<?> besideOf(OwnedLoopFuture<?> future) {
    if (future instanceof ChainedFuture<?, ?> step
        && step.input instanceof OwnedLoopFuture<?> input
        && input.owner == this) {
      return input;
    }
    return null;
  }

  /** Links {@code future} just older than {@code newer}, or at the newest end if it is null. */
  private void link(OwnedLoopFuture<?> future, @Nullable OwnedLoopFuture<?> newer) {
    OwnedLoopFuture<?> older = newer == null ? newest : newer.olderOwned;
    future.owner = this;
    future.olderOwned = older;
    future.newerOwned = newer;
    if (older == null) {
      oldest = future;
    } else {
      older.newerOwned = future;
    }
    if (newer == null) {
      newest = future;
    } else {
      newer.olderOwned = future;
    }
    linked++;
  }

  /** Takes {@code future} out of the list; it is linked into this one. */
  void unlink(OwnedLoopFuture<?> future) {
    assert future.owner == this;
    OwnedLoopFuture<?> older = future.olderOwned;
    OwnedLoopFuture<?> newer = future.newerOwned;
    if (older == null) {
      oldest = newer;
    } else {
      older.newerOwned = newer;
    }
    if (newer == null) {
      newest = older;
    } else {
      newer.olderOwned = older;
    }
    future.owner = null;
    future.olderOwned = null;
    future.newerOwned = null;
    linked--;
  }

  /** How many futures are owned; from any thread an approximation (racy plain reads). */
  int size() {
    return Math.max(0, linked) + others.size();
  }

  /** The owned futures, in no promised order; a copy. */
  List<DefaultLoopFuture<?>> snapshot() {
    List<DefaultLoopFuture<?>> out = new ArrayList<>(linked + others.size());
    for (OwnedLoopFuture<?> f = oldest; f != null; f = f.newerOwned) {
      out.add(f);
    }
    out.addAll(others);
    return out;
  }

  /**
   * Empties the registry and returns what it held (as {@link #snapshot()}), so that completing
   * those futures afterwards, or owning new ones, finds it empty.
   */
  List<DefaultLoopFuture<?>> takeAll() {
    List<DefaultLoopFuture<?>> out = snapshot();
    OwnedLoopFuture<?> f = oldest;
    while (f != null) {
      OwnedLoopFuture<?> next = f.newerOwned;
      f.owner = null;
      f.olderOwned = null;
      f.newerOwned = null;
      f = next;
    }
    oldest = null;
    newest = null;
    linked = 0;
    others.clear();
    return out;
  }
}
