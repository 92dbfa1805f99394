package dev.tandem.loop;

import org.jspecify.annotations.Nullable;

/**
 * A loop future that its loop owns and that can be owned without a done callback: a
 * combinator's output, a {@code runInExecutor} task's future, an adopted view. It carries the
 * links of its loop's {@link OwnedFutures} list itself, so registering it is three stores and
 * its own completion ({@link DefaultLoopFuture}'s one completion path) unlinks it: no set entry,
 * no extra callback, no allocation beyond the future.
 *
 * <p>The links are loop-confined, like everything of a loop future that is not its outcome.
 */
class OwnedLoopFuture<T extends @Nullable Object> extends DefaultLoopFuture<T> {
  /** The list this future is linked into, or null while it is not in one. */
  @Nullable OwnedFutures owner;

  /** The neighbours in {@link #owner}'s list, older and newer; null at the ends. */
  @Nullable OwnedLoopFuture<?> olderOwned;

  @Nullable OwnedLoopFuture<?> newerOwned;

  OwnedLoopFuture(FutureHost host) {
    super(host);
  }

  /** Leaves the owner's list, if in one; called once, when this future completes. */
  final void disown() {
    OwnedFutures o = owner;
    if (o != null) {
      o.unlink(this);
    }
  }
}
