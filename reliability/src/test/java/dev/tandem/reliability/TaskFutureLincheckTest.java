package dev.tandem.reliability;

import dev.tandem.api.ExecutorFuture;
import dev.tandem.threads.FutureExecutor;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.kotlinx.lincheck.paramgen.BooleanGen;
import org.jetbrains.kotlinx.lincheck.paramgen.IntGen;
import org.jetbrains.kotlinx.lincheck.paramgen.StringGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Options;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.jetbrains.lincheck.datastructures.Validate;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Lincheck over the future of a task submitted to a {@link FutureExecutor} ({@code submit}),
 * with the worker's run of the task split into two operations so that RUNNING is a state the
 * operations can see. The executor wraps an executor service that only keeps the {@link
 * Runnable} it is given: {@link #startTask} runs it, as a worker thread would, and the task body
 * waits (on a monitor) until {@link #finishTask} lets it return a value or throw; {@code
 * finishTask} then waits for the end with the future's own {@code get()}.
 *
 * <p><b>Claimed linearizable</b>, against the sequential specification {@link Model} (a task
 * future used by one thread: PENDING; RUNNING from the worker's start; done at the task's end,
 * or cancelled while PENDING): the worker starting the task ({@code startTask}: true if the task
 * body ran, false if the worker found it cancelled, and then it never runs), the task ending with
 * a value or a failure ({@code finishTask}, returning the outcome), {@code cancel()} and {@code
 * cancel(message)} (true iff the future is cancelled afterwards: true while pending, false while
 * running or finished), {@code addDoneCallback}, {@code removeDoneCallback} (how many
 * registrations it removed), {@code result()} (as "pending" while pending or running, the value,
 * the failure or the cancel message), {@code isRunning()}, {@code isDone()} and {@code
 * isCancelled()}. The task body also reads its own future while it runs (running, not done, not
 * cancelled, {@code cancel()} and {@code cancel(message)} false, result pending, its thread not
 * interrupted) and returns what it saw, which the model expects.
 *
 * <p><b>Checked at every quiescent point</b> ({@link #quiescentInvariants}): the task body ran
 * once if the future finished, never if it was cancelled or is still pending; nothing is running;
 * while the future is pending no callback has run; once it is done, every registration that was
 * not removed ran exactly once, no removed one ran, and every callback saw the future done.
 *
 * <p><b>Found and fixed</b> ({@link #modelChecking_workerSkippingACancelInProgress_linearizable}
 * keeps the scenario). A worker that picked the task up while a {@code cancel} was between its
 * compare-and-set to CANCELLING and its store of CANCELLED returned from {@code TaskFuture.run()}
 * at once, with the future still not done. Whatever follows the worker's return (here the next
 * operation in its thread; in production {@code FutureExecutor.close()}, which returns once the
 * executor service terminated, that is once its workers returned) could then see a task that
 * neither ran nor was cancelled. Minimal scenario, found by model checking:
 *
 * <pre>
 *   | cancel(): true | startTask(false): false | finishTask(): cancelled null |
 *   |                | isDone(): false         |                              |
 * </pre>
 *
 * The worker skipped the task, so the cancel came before, so the future was done; no order of
 * the operations explains {@code isDone(): false}. {@code run()} now waits out CANCELLING, as
 * {@code cancel} already did.
 *
 * <p>Not claimed: which thread runs a callback, whether a callback added while the task's end is
 * being dispatched has run when {@code addDoneCallback} returns, and the order of callbacks
 * registered concurrently.
 *
 * <p>Scenarios: Lincheck's random generator cannot keep {@code startTask} and {@code finishTask}
 * in different threads (in one thread, or one without the other, the task body would wait
 * forever), so {@link #scenario} builds random scenarios of that shape from a fixed seed: three
 * threads, the worker's two operations in two of them, the other operations at random, up to one
 * operation before and one after.
 *
 * <p>Public: Lincheck instantiates it reflectively.
 */
public final class TaskFutureLincheckTest {
  static final String FAILURE = "boom";
  static final int CALLBACK_IDS = CallbackLedger.IDS;

  /** What the task body must see of its own future while it runs. */
  static final String SEEN_WHILE_RUNNING =
      "running=true done=false cancelled=false cancel()=false cancel(msg)=false result=pending"
          + " interrupted=false";

  private final HeldRunnable service = new HeldRunnable();
  private final FutureExecutor executor = FutureExecutor.wrapping(service);
  private final AtomicInteger bodyRuns = new AtomicInteger();
  private volatile boolean failTask;
  private final Object gate = new Object();
  private boolean released; // guarded by gate
  private final ExecutorFuture<String> future = executor.submit(new Task());
  private final Runnable worker = service.take();

  private final CallbackLedger<String> callbacks = new CallbackLedger<>();

  public TaskFutureLincheckTest() {}

  /**
   * An executor service that keeps the one task it is given instead of running it; the test's
   * worker operation runs it. Nothing else is ever called on it here.
   */
  private static final class HeldRunnable extends AbstractExecutorService {
    private @Nullable Runnable held;

    @Override
    public void execute(Runnable command) {
      if (held != null) {
        throw new IllegalStateException("one task per test instance");
      }
      held = command;
    }

    Runnable take() {
      Runnable r = held;
      if (r == null) {
        throw new IllegalStateException("FutureExecutor.submit did not hand over the task");
      }
      return r;
    }

    @Override
    public void shutdown() {}

    @Override
    public List<Runnable> shutdownNow() {
      return List.of();
    }

    @Override
    public boolean isShutdown() {
      return false;
    }

    @Override
    public boolean isTerminated() {
      return false;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
      return false;
    }
  }

  /**
   * The task: records what it sees of its own future, waits until {@link #finishTask} lets it
   * end, then returns what it saw or throws.
   */
  private final class Task implements Callable<String> {
    @Override
    public String call() throws InterruptedException {
      bodyRuns.incrementAndGet();
      String seen =
          "running=" + future.isRunning()
              + " done=" + future.isDone()
              + " cancelled=" + future.isCancelled()
              + " cancel()=" + future.cancel()
              + " cancel(msg)=" + future.cancel("from the task")
              + " result=" + ExecutorFutureLincheckTest.describe(future)
              + " interrupted=" + Thread.interrupted();
      synchronized (gate) {
        while (!released) {
          gate.wait();
        }
      }
      if (failTask) {
        throw new IllegalStateException(
            seen.equals(SEEN_WHILE_RUNNING) ? FAILURE : FAILURE + " after seeing " + seen);
      }
      return seen;
    }
  }

  /**
   * The worker picks the task up and runs it; true if the task body ran. When it returns false
   * (a cancel won), the future must already be done: the next operation in this thread checks.
   */
  @Operation(runOnce = true)
  public boolean startTask(@Param(gen = BooleanGen.class) boolean fail) {
    failTask = fail;
    int before = bodyRuns.get();
    worker.run();
    return bodyRuns.get() != before;
  }

  /** Lets the task body return (or throw); returns the outcome once the future is done. */
  @Operation(runOnce = true)
  public String finishTask() {
    synchronized (gate) {
      released = true;
      gate.notifyAll();
    }
    awaitDone(); // until the worker's thread returned from the task, or a cancel won
    return ExecutorFutureLincheckTest.describe(future);
  }

  /** Waits with the future's own untimed {@code get()}, whatever the outcome. */
  private void awaitDone() {
    try {
      future.get();
    } catch (ExecutionException | CancellationException outcome) {
      // done either way; the caller reads the outcome
    } catch (InterruptedException e) {
      throw new AssertionError("a test thread was interrupted", e);
    }
  }

  @Operation
  public boolean cancel() {
    return future.cancel();
  }

  @Operation
  public boolean cancelWithMessage(
      @Param(gen = StringGen.class, conf = "1:ab") @Nullable String message) {
    return future.cancel(message);
  }

  @Operation
  public void addCallback(@Param(gen = IntGen.class, conf = "0:1") int id) {
    callbacks.add(future, id);
  }

  @Operation
  public int removeCallback(@Param(gen = IntGen.class, conf = "0:1") int id) {
    return callbacks.remove(future, id);
  }

  @Operation
  public String result() {
    return ExecutorFutureLincheckTest.describe(future);
  }

  @Operation
  public boolean isRunning() {
    return future.isRunning();
  }

  @Operation
  public boolean isDone() {
    return future.isDone();
  }

  @Operation
  public boolean isCancelled() {
    return future.isCancelled();
  }

  @Validate
  public void quiescentInvariants() {
    if (future.isRunning()) {
      throw new AssertionError("running at a quiescent point: " + future);
    }
    int expectedRuns = future.isDone() && !future.isCancelled() ? 1 : 0;
    if (bodyRuns.get() != expectedRuns) {
      throw new AssertionError(
          "the task body ran " + bodyRuns.get() + " times, expected " + expectedRuns
              + " (" + future + ")");
    }
    callbacks.check(future);
  }

  @Test
  void modelChecking_allOperations_linearizable() {
    check(new ModelCheckingOptions(), Stress.pick(10, 30), Stress.pick(80, 1_000));
  }

  @Test
  void stress_allOperations_linearizable() {
    check(new StressOptions(), Stress.pick(8, 40), Stress.pick(150, 5_000));
  }

  /** The bug in the class Javadoc: its minimal scenario first, then the random ones. */
  @Test
  void modelChecking_workerSkippingACancelInProgress_linearizable() {
    ModelCheckingOptions options =
        new ModelCheckingOptions()
            .addCustomScenario(
                new ExecutionScenario(
                    List.of(),
                    List.of(
                        List.of(actor("cancel")),
                        List.of(actor("startTask", false), actor("isDone")),
                        List.of(actor("finishTask"))),
                    List.of(),
                    null));
    check(options, Stress.pick(10, 20), Stress.pick(150, 1_000));
  }

  private static void check(Options<?, ?> options, int scenarios, int invocations) {
    Random random = new Random(20_250_601L);
    for (int i = 0; i < scenarios; i++) {
      options.addCustomScenario(scenario(random));
    }
    options.iterations(0); // only the scenarios above: see the class Javadoc
    options.invocationsPerIteration(invocations);
    options.minimizeFailedScenario(false); // a smaller scenario may split the worker's pair
    options.sequentialSpecification(Model.class);
    options.check(TaskFutureLincheckTest.class);
  }

  /**
   * Three threads of one to three operations; {@code startTask} and {@code finishTask} each once,
   * in different threads; up to one operation before and after (never the worker's).
   */
  static ExecutionScenario scenario(Random random) {
    List<List<Actor>> threads = new ArrayList<>();
    for (int t = 0; t < 3; t++) {
      List<Actor> thread = new ArrayList<>();
      int n = random.nextInt(3);
      for (int a = 0; a < n; a++) {
        thread.add(randomActor(random));
      }
      threads.add(thread);
    }
    int starter = random.nextInt(3);
    int finisher = (starter + 1 + random.nextInt(2)) % 3;
    List<Actor> startThread = threads.get(starter);
    startThread.add(
        random.nextInt(startThread.size() + 1), actor("startTask", random.nextBoolean()));
    List<Actor> finishThread = threads.get(finisher);
    finishThread.add(random.nextInt(finishThread.size() + 1), actor("finishTask"));
    for (List<Actor> thread : threads) {
      if (thread.isEmpty()) {
        thread.add(randomActor(random));
      }
    }
    List<Actor> before = random.nextBoolean() ? List.of(randomActor(random)) : List.of();
    List<Actor> after = random.nextBoolean() ? List.of(randomActor(random)) : List.of();
    return new ExecutionScenario(before, threads, after, null);
  }

  private static Actor randomActor(Random random) {
    switch (random.nextInt(10)) {
      case 0:
        return actor("cancel");
      case 1:
        return actor("cancelWithMessage", random.nextBoolean() ? "a" : "b");
      case 2:
      case 3:
        return actor("addCallback", random.nextInt(CALLBACK_IDS));
      case 4:
      case 5:
        return actor("removeCallback", random.nextInt(CALLBACK_IDS));
      case 6:
        return actor("result");
      case 7:
        return actor("isRunning");
      case 8:
        return actor("isDone");
      default:
        return actor("isCancelled");
    }
  }

  private static Actor actor(String name, Object... arguments) {
    for (Method m : TaskFutureLincheckTest.class.getMethods()) {
      if (m.getName().equals(name) && m.getParameterCount() == arguments.length) {
        return new Actor(m, List.of(arguments), false, false, false, false, false);
      }
    }
    throw new IllegalArgumentException("no operation " + name + "/" + arguments.length);
  }

  /**
   * The sequential specification: a task future used by one thread, with the worker's run split
   * into its start and its end.
   */
  public static final class Model {
    private String state = "pending";
    private boolean fail;
    private final int[] registered = new int[CALLBACK_IDS];

    private boolean waiting() {
      return state.equals("pending") || state.equals("running");
    }

    private void settle(String outcome) {
      state = outcome;
      registered[0] = 0;
      registered[1] = 0;
    }

    public boolean startTask(boolean fail) {
      if (!state.equals("pending")) {
        return false;
      }
      state = "running";
      this.fail = fail;
      return true;
    }

    public String finishTask() {
      if (state.equals("running")) {
        settle(fail ? "failed " + FAILURE : "value " + SEEN_WHILE_RUNNING);
      }
      return state; // "pending" here is never the real outcome: finishTask waits for the end
    }

    public boolean cancel() {
      return cancelWithMessage(null);
    }

    public boolean cancelWithMessage(@Nullable String message) {
      if (state.equals("pending")) {
        settle("cancelled " + message);
      }
      return state.startsWith("cancelled");
    }

    public void addCallback(int id) {
      if (waiting()) {
        registered[id]++;
      }
    }

    public int removeCallback(int id) {
      int n = registered[id];
      registered[id] = 0;
      return n;
    }

    public String result() {
      return waiting() ? "pending" : state;
    }

    public boolean isRunning() {
      return state.equals("running");
    }

    public boolean isDone() {
      return !waiting();
    }

    public boolean isCancelled() {
      return state.startsWith("cancelled");
    }
  }
}
