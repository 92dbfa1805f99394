package dev.tandem.loop;

import dev.tandem.api.Handle;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The {@link dev.tandem.api.EventLoop#onClose} actions of one {@link DefaultEventLoop}, in
 * registration order. Any thread registers, cancels and closes, under this object's lock; each
 * action's handle is a {@link LoopHandle}, whose compare-and-set state gives exactly one winner
 * between a cancel and {@link #close()} claiming the action. A cancelled action leaves the set at
 * once, so a loop that registers and deregisters for years keeps only the live ones.
 */
final class CloseActions {
  /** The registered actions; null once {@link #close()} took them. Guarded by {@code this}. */
  private @Nullable LinkedHashSet<Action> actions = new LinkedHashSet<>();

  /**
   * Registers {@code action}; returns null, registering nothing, if {@link #close()} already ran
   * (the caller then runs the action itself).
   */
  synchronized @Nullable Action add(Runnable action) {
    LinkedHashSet<Action> a = actions;
    if (a == null) {
      return null;
    }
    Action registered = new Action(action);
    a.add(registered);
    return registered;
  }

  private synchronized void remove(Action action) {
    LinkedHashSet<Action> a = actions;
    if (a != null) {
      a.remove(action);
    }
  }

  /**
   * Ends registration and returns the actions not cancelled, in registration order, each
   * claimed (a later cancel of its handle returns false). The first call returns them, later
   * calls nothing.
   */
  List<Runnable> close() {
    LinkedHashSet<Action> taken;
    synchronized (this) {
      taken = actions;
      actions = null;
    }
    if (taken == null) {
      return List.of();
    }
    List<Runnable> claimed = new ArrayList<>(taken.size());
    for (Action a : taken) {
      Runnable r = a.state.claim();
      if (r != null) {
        claimed.add(r);
      }
    }
    return claimed;
  }

  /** The handle of one registered action. */
  final class Action implements Handle {
    private final LoopHandle state;

    private Action(Runnable action) {
      this.state = new LoopHandle(action);
    }

    @Override
    public boolean cancel() {
      if (state.cancel()) {
        remove(this);
        return true;
      }
      return false;
    }

    @Override
    public boolean isCancelled() {
      return state.isCancelled();
    }

    @Override
    public String toString() {
      return "close action " + state;
    }
  }

  /** The handle of an action that ran at once because the loop was closed already. */
  static final Handle RAN =
      new Handle() {
        @Override
        public boolean cancel() {
          return false;
        }

        @Override
        public boolean isCancelled() {
          return false;
        }

        @Override
        public String toString() {
          return "close action [ran]";
        }
      };
}
