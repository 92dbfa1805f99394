package dev.tandem.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** {@link ContextPropagator#composite}: opens parts in order, closes them in reverse. */
final class CompositePropagator implements ContextPropagator {

  private final ContextPropagator[] parts;

  private CompositePropagator(ContextPropagator[] parts) {
    this.parts = parts;
  }

  static ContextPropagator of(List<ContextPropagator> given) {
    List<ContextPropagator> kept = new ArrayList<>();
    for (ContextPropagator part : given) {
      Objects.requireNonNull(part, "a part passed to composite is null");
      if (part != ContextPropagator.none()) {
        kept.add(part);
      }
    }
    if (kept.isEmpty()) {
      return ContextPropagator.none();
    }
    if (kept.size() == 1) {
      return kept.get(0);
    }
    List<ThreadLocal<?>> locals = new ArrayList<>();
    boolean onlyThreadLocals = true;
    for (ContextPropagator part : kept) {
      List<ThreadLocal<?>> own = ThreadLocalPropagator.localsOf(part);
      if (own == null) {
        onlyThreadLocals = false;
        break;
      }
      locals.addAll(own);
    }
    if (onlyThreadLocals) {
      // Only thread-locals: one propagator over all of them captures into one object.
      return ThreadLocalPropagator.fused(locals, "composite", kept);
    }
    return kept.size() == 2
        ? new Two(kept.get(0), kept.get(1))
        : new CompositePropagator(kept.toArray(new ContextPropagator[0]));
  }

  /**
   * Two parts, the common case (a user's propagator beside Tandem's own scope): one snapshot
   * object per capture and none per open when either side has nothing to put back.
   */
  private static final class Two implements ContextPropagator {
    private final ContextPropagator first;
    private final ContextPropagator second;

    Two(ContextPropagator first, ContextPropagator second) {
      this.first = first;
      this.second = second;
    }

    @Override
    public ContextSnapshot capture() {
      ContextSnapshot a = first.capture();
      ContextSnapshot b = second.capture();
      if (b == NoContext.INSTANCE) {
        return a;
      }
      return a == NoContext.INSTANCE ? b : new TwoSnapshots(a, b);
    }

    @Override
    public String toString() {
      return "ContextPropagator.composite([" + first + ", " + second + "])";
    }
  }

  private static final class TwoSnapshots implements ContextSnapshot {
    private final ContextSnapshot first;
    private final ContextSnapshot second;

    TwoSnapshots(ContextSnapshot first, ContextSnapshot second) {
      this.first = first;
      this.second = second;
    }

    @Override
    public Scope open() {
      Scope a = first.open();
      Scope b;
      try {
        b = second.open();
      } catch (RuntimeException | Error e) {
        a.close();
        throw e;
      }
      if (b == NoContext.INSTANCE) {
        return a;
      }
      if (a == NoContext.INSTANCE) {
        return b;
      }
      return () -> {
        b.close();
        a.close();
      };
    }
  }

  @Override
  public ContextSnapshot capture() {
    ContextSnapshot[] snapshots = new ContextSnapshot[parts.length];
    for (int i = 0; i < parts.length; i++) {
      snapshots[i] = parts[i].capture();
    }
    return () -> {
      ContextSnapshot.Scope[] scopes = new ContextSnapshot.Scope[snapshots.length];
      int opened = 0;
      try {
        for (; opened < snapshots.length; opened++) {
          scopes[opened] = snapshots[opened].open();
        }
      } catch (RuntimeException | Error e) {
        closeAll(scopes, opened);
        throw e;
      }
      return () -> closeAll(scopes, scopes.length);
    };
  }

  private static void closeAll(ContextSnapshot.Scope[] scopes, int count) {
    for (int i = count - 1; i >= 0; i--) {
      scopes[i].close();
    }
  }

  @Override
  public String toString() {
    return "ContextPropagator.composite(" + List.of(parts) + ")";
  }
}
