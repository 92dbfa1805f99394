package dev.tandem.loop;

import dev.tandem.api.ContextSnapshot;
import java.lang.ref.Cleaner;
import org.jspecify.annotations.Nullable;

/** The non-value outcomes a {@link DefaultLoopFuture} stores in its one outcome field. */
final class Outcomes {
  private Outcomes() {}

  /** Stands for a {@code null} result, because a null outcome field means pending. */
  static final Object NULL_RESULT =
      new Object() {
        @Override
        public String toString() {
          return "NULL_RESULT";
        }
      };

  static final Cleaner CLEANER = Cleaner.create();

  /** A cancellation and its message. */
  static final class Cancelled {
    static final Cancelled NO_MESSAGE = new Cancelled(null);

    final @Nullable String message;

    private Cancelled(@Nullable String message) {
      this.message = message;
    }

    static Cancelled of(@Nullable String message) {
      return message == null ? NO_MESSAGE : new Cancelled(message);
    }
  }

  /**
   * A failure, and the unretrieved-failure tracking that goes with it. It never references the
   * future, so the report it makes when the future is collected cannot keep the future alive.
   * It keeps the context the future was created in (with propagation on), so the report runs in
   * it; retrieving the failure releases it with the rest.
   */
  static final class Failure implements Runnable {
    final Throwable exception;
    private final FutureHost loop;
    private final int futureHash;
    private final @Nullable Throwable creationSite;
    /* Dropped once retrieved: a done future kept for long must not keep its creator's context. */
    private ContextSnapshot creationContext;
    private volatile boolean retrieved;
    private Cleaner.@Nullable Cleanable cleanable;

    Failure(
        Object future,
        Throwable exception,
        FutureHost loop,
        @Nullable Throwable creationSite,
        ContextSnapshot creationContext) {
      this.exception = exception;
      this.loop = loop;
      this.futureHash = System.identityHashCode(future);
      this.creationSite = creationSite;
      this.creationContext = creationContext;
      this.cleanable = CLEANER.register(future, this);
    }

    /** Silences the report: someone looked at the failure. */
    void markRetrieved() {
      if (!retrieved) {
        retrieved = true;
        Cleaner.Cleanable c = cleanable;
        if (c != null) {
          cleanable = null;
          c.clean(); // unregisters now; run() then sees retrieved and does nothing
        }
        creationContext = ContextSnapshot.empty();
      }
    }

    /** Runs once the future is phantom reachable (or from {@link #markRetrieved()}). */
    @Override
    public void run() {
      if (!retrieved) {
        loop.reportUnretrieved(
            new LoopErrorContext(
                LoopErrorContext.Kind.UNRETRIEVED_FAILURE,
                "Future exception was never retrieved",
                exception,
                null,
                DefaultLoopFuture.describe(futureHash, "FAILURE", "cause=[" + exception + "]"),
                null,
                creationSite),
            creationContext);
      }
    }
  }
}
