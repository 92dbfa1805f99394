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
    return kept.size() == 1
        ? kept.get(0)
        : new CompositePropagator(kept.toArray(new ContextPropagator[0]));
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
