package dev.tandem.reactor;

import dev.tandem.api.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import reactor.util.context.ContextView;

/**
 * Where Reactor's {@code Context} and Tandem's context propagation meet: Micrometer's
 * context-propagation library, which both speak (Reactor through its {@code ContextAccessor} for
 * {@code ContextView}, Tandem through {@code tandem-context}). The library is an optional
 * dependency of this module; without it on the class path, nothing here does anything.
 *
 * <p>The global {@code ContextRegistry} is the one used, as by Reactor's own {@code
 * contextCapture()} and automatic context propagation.
 */
final class ReactorContexts {
  /** Whether Micrometer's context-propagation library is on the class path. */
  static final boolean AVAILABLE = isPresent("io.micrometer.context.ContextSnapshotFactory");

  private ReactorContexts() {}

  /**
   * Sets the thread-locals that {@code context} holds values for (every accessor of the global
   * registry whose key is in it) until the returned scope is closed, which puts back what the
   * thread had; the other thread-locals stay as they are. Does nothing for an empty context or
   * without the library.
   */
  static ContextSnapshot.Scope threadLocalsFrom(ContextView context) {
    if (!AVAILABLE || context.isEmpty()) {
      return ContextSnapshot.empty().open();
    }
    return Micrometer.threadLocalsFrom(context);
  }

  private static boolean isPresent(String className) {
    try {
      Class.forName(className, false, ReactorContexts.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /** Loaded only when the library is there: the only class that names its types. */
  private static final class Micrometer {
    /* clearMissing(false): a key the Context lacks keeps the value the thread has. */
    private static final ContextSnapshotFactory FACTORY =
        ContextSnapshotFactory.builder().clearMissing(false).build();

    static ContextSnapshot.Scope threadLocalsFrom(ContextView context) {
      io.micrometer.context.ContextSnapshot.Scope scope = FACTORY.setThreadLocalsFrom(context);
      return scope::close;
    }
  }
}
