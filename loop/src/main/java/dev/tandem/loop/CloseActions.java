package dev.tandem.loop;

import dev.tandem.api.Handle;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The {@link dev.tandem.api.EventLoop#onClose} actions of one Tandem loop ({@link
 * DefaultEventLoop}, {@link HostedEventLoop}), and the close steps both loops share, in
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

  /**
   * {@link dev.tandem.api.EventLoop#onClose} for the loop these actions belong to: registers
   * {@code action}, or on a closed loop runs it at once through {@code run} (which reports what it
   * throws) and returns a handle that can no longer cancel anything.
   */
  Handle onClose(Runnable action, Consumer<Runnable> run) {
    Objects.requireNonNull(action, "action");
    Handle registered = add(action);
    if (registered == null) {
      run.accept(action);
      return RAN;
    }
    return registered;
  }

  /**
   * The last two steps of every Tandem loop's {@code close()}, in this order: the futures the
   * loop owns that are still pending are cancelled with {@link DefaultEventLoop#CLOSED_MESSAGE}
   * ({@code owned} is emptied first, so cancellations that register more work find it closed),
   * then the close actions run, each through {@code run}.
   */
  void cancelOwnedThenRunActions(OwnedFutures owned, Consumer<Runnable> run) {
    for (DefaultLoopFuture<?> future : owned.takeAll()) {
      if (!future.isDone()) {
        future.cancel(DefaultEventLoop.CLOSED_MESSAGE);
      }
    }
    for (Runnable action : close()) {
      run.accept(action);
    }
  }

  /**
   * Runs one close action in the calling thread; what it throws is handed to {@code report} as
   * a {@link LoopErrorContext.Kind#CALLBACK_FAILED} report, never propagated.
   */
  static void runReported(Runnable action, Consumer<LoopErrorContext> report) {
    try {
      action.run();
    } catch (Throwable failure) {
      report.accept(
          LoopErrorContext.callbackFailed("close action", failure, null, action));
    }
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
