package dev.tandem.reliability;

import dev.tandem.api.EventLoop;
import dev.tandem.api.Handle;
import dev.tandem.loop.EventLoops;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.jetbrains.lincheck.datastructures.Validate;
import static org.jetbrains.lincheck.datastructures.ManagedStrategyGuaranteeKt.forClasses;
import org.junit.jupiter.api.Test;

/**
 * Lincheck over {@code callSoonThreadsafe} submission into a loop that is not running, racing
 * {@code close()}.
 *
 * <p><b>Claimed linearizable</b>, against {@link Model}: {@code callSoonThreadsafe} (accepted,
 * or rejected with {@link RejectedExecutionException} once the loop is closed) and {@code
 * close()}.
 *
 * <p><b>Checked at every quiescent point</b> ({@link #nothingSilentlyDropped}): while the loop is
 * open, no accepted callback was cancelled or ran (the loop never ran); once it is closed, every
 * accepted callback's handle reports {@code isCancelled()}, so an accepted callback that will
 * never run is always detectable. That the accepted callbacks of an open loop do run, exactly
 * once, is checked with the loop running in {@code LoopCloseRaceStressTest}.
 *
 * <p>Public: Lincheck instantiates it reflectively.
 */
public final class LoopSubmissionLincheckTest {
  /* The watchdog is not what is checked here; without it each scenario's loop is one object. */
  private final EventLoop loop = EventLoops.builder().watchdog(false).build();
  private final ConcurrentLinkedQueue<Handle> accepted = new ConcurrentLinkedQueue<>();
  private final AtomicInteger ran = new AtomicInteger();

  public LoopSubmissionLincheckTest() {}

  @Operation
  public boolean submit() {
    try {
      accepted.add(loop.callSoonThreadsafe(ran::incrementAndGet));
      return true;
    } catch (RejectedExecutionException closed) {
      return false;
    }
  }

  @Operation(runOnce = true)
  public void close() {
    loop.close();
  }

  @Validate
  public void nothingSilentlyDropped() {
    if (ran.get() != 0) {
      throw new AssertionError(ran.get() + " callbacks ran on a loop that never ran");
    }
    boolean closed = loop.isClosed();
    for (Handle h : accepted) {
      if (h.isCancelled() != closed) {
        throw new AssertionError(
            "accepted " + h + " isCancelled()=" + h.isCancelled() + " on a loop closed=" + closed);
      }
    }
  }

  @Test
  void modelChecking_submitRacingClose_nothingDropped() {
    new ModelCheckingOptions()
        .iterations(Stress.pick(8, 40))
        .invocationsPerIteration(Stress.pick(80, 2_000))
        .threads(3)
        .actorsPerThread(2)
        .actorsBefore(1)
        .actorsAfter(1)
        /*
         * close() copies the loop's (empty) IdentityHashMap of owned futures; Lincheck takes the
         * walk over its empty table for a livelock. It is single-threaded JDK code: make it atomic.
         */
        .addGuarantee(
            forClasses(
                    "java.util.IdentityHashMap",
                    "java.util.IdentityHashMap$KeySet",
                    "java.util.Collections$SetFromMap")
                .allMethods()
                .treatAsAtomic())
        .sequentialSpecification(Model.class)
        .check(LoopSubmissionLincheckTest.class);
  }

  @Test
  void stress_submitRacingClose_nothingDropped() {
    new StressOptions()
        .iterations(Stress.pick(8, 40))
        .invocationsPerIteration(Stress.pick(250, 5_000))
        .threads(3)
        .actorsPerThread(3)
        .sequentialSpecification(Model.class)
        .check(LoopSubmissionLincheckTest.class);
  }

  /** The sequential specification: accepted until closed. */
  public static final class Model {
    private boolean closed;

    public boolean submit() {
      return !closed;
    }

    public void close() {
      closed = true;
    }
  }
}
