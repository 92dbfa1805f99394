package dev.tandem.samples.docs;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.ListeningExecutorService;
import com.google.common.util.concurrent.MoreExecutors;
import dev.tandem.api.AsyncFuture;
import dev.tandem.api.ContextPropagator;
import dev.tandem.api.EventLoop;
import dev.tandem.api.Failures;
import dev.tandem.api.ExecutorFuture;
import dev.tandem.api.LoopFuture;
import dev.tandem.loop.EventLoops;
import dev.tandem.loop.BackgroundLoop;
import dev.tandem.loop.LoopErrorContext;
import dev.tandem.loop.LoopExceptionHandler;
import dev.tandem.loop.LoopFutures;
import dev.tandem.loop.LoopTaskGroup;
import dev.tandem.threads.Deadline;
import dev.tandem.threads.TaskGroup;
import dev.tandem.threads.ExecutorCombinators;
import dev.tandem.loop.LoopHealth;
import dev.tandem.loop.PendingFuture;
import dev.tandem.micrometer.LoopMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import dev.tandem.loop.LoopOperations;
import dev.tandem.threads.ExecutorFutures;
import dev.tandem.threads.FutureExecutor;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import dev.tandem.netty.NettyLoops;
import io.netty.channel.DefaultEventLoop;

/**
 * The Java code shown in README.md and docs/, compiled and run by {@code DocSnippetsTest}, which
 * also checks that each block between {@code // snippet:NAME} and {@code // end} stands verbatim
 * in the document that names it.
 */
final class DocSnippets {
  private DocSnippets() {}

  static void quickStart() throws Exception {
    // snippet:java-quick-start
    try (FutureExecutor pool = FutureExecutor.newFixedPool(2)) {
      EventLoop loop = EventLoops.newEventLoop();
      // A task on a thread pool: wait for it with a timeout, from any thread but a loop's.
      ExecutorFuture<Integer> answer = pool.submit(() -> 6 * 7);
      System.out.println(answer.result(Duration.ofSeconds(5))); // 42

      // A loop future, completed by a timer on the loop, gathered with the executor future.
      LoopFuture<String> greeting = loop.createFuture();
      loop.callLater(Duration.ofMillis(10), () -> greeting.setResult("hello"));
      LoopFuture<List<Object>> both = LoopFutures.gather(loop, List.of(greeting, answer));
      System.out.println(loop.runUntilComplete(both)); // [hello, 42]

      // Cancel what is left, let the cancellations run, then close (docs/operating.md).
      LoopOperations.shutdownGracefully(loop, Duration.ofSeconds(5));
    }
    // end
  }

  static void fromCompletableFuture(PrintStream out) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      // snippet:migrate-completable-before
      CompletableFuture<String> report = CompletableFuture.supplyAsync(() -> "report", pool);
      report.thenAccept(r -> out.println("ready: " + r));
      String text = report.get(5, TimeUnit.SECONDS);
      // end
      // snippet:migrate-completable-after
      ExecutorFuture<String> future =
          ExecutorFutures.from(CompletableFuture.supplyAsync(() -> "report", pool));
      future.addDoneCallback(f -> out.println("ready: " + f.result()));
      String sameText = future.result(Duration.ofSeconds(5));
      // Callers that still want a CompletableFuture get the original object back.
      CompletableFuture<String> forOldCallers = ExecutorFutures.asCompletableFuture(future);
      // end
      out.println(text.equals(sameText) && forOldCallers.isDone());
    } finally {
      pool.shutdown();
    }
  }

  /** A legacy service, as a Guava code base has them. */
  interface UserDirectory {
    ListenableFuture<String> findName(int id);
  }

  static void fromGuava(PrintStream out) throws Exception {
    ListeningExecutorService guavaPool =
        MoreExecutors.listeningDecorator(Executors.newSingleThreadExecutor());
    UserDirectory directory = id -> guavaPool.submit(() -> "user-" + id);
    try (EventLoop loop = EventLoops.newEventLoop()) {
      // snippet:migrate-guava
      ListenableFuture<String> legacy = directory.findName(7);
      // Thread-side: a Python-style future over the same result, nothing re-implemented.
      ExecutorFuture<String> name = ExecutorFutures.from(legacy);
      out.println(name.result(Duration.ofSeconds(5))); // user-7
      // Back to Guava for code that is not migrated yet: the original object, not a wrapper.
      ListenableFuture<String> unchanged = ExecutorFutures.asListenableFuture(name);
      // Loop-side: the result delivered on the loop thread.
      LoopFuture<String> onLoop = LoopFutures.adopt(loop, name);
      out.println(loop.runUntilComplete(onLoop)); // user-7
      // end
      out.println(unchanged == legacy);
    } finally {
      guavaPool.shutdown();
    }
  }

  static void composition(PrintStream out, ExecutorFuture<String> backup) throws Exception {
    try (FutureExecutor pool = FutureExecutor.newFixedPool(2)) {
      // snippet:migrate-composition
      ExecutorFuture<String> page = pool.submit(() -> "<p>hello</p>");
      ExecutorFuture<Integer> length = ExecutorCombinators.map(page, String::length); // transform, thenApply
      ExecutorFuture<String> upper =
          ExecutorCombinators.compose(page, p -> pool.submit(p::toUpperCase)); // transformAsync, thenCompose
      ExecutorFuture<Integer> orZero =
          ExecutorCombinators.recover(length, IllegalStateException.class, e -> 0); // catching, exceptionally
      ExecutorFuture<List<Object>> both = ExecutorCombinators.allOf(List.of(orZero, upper)); // allAsList
      out.println(both.result(Duration.ofSeconds(5))); // [12, <P>HELLO</P>]
      // end
      // snippet:migrate-composition-catching-async
      ExecutorFuture<String> primary = pool.submit(() -> { throw new IOException("primary down"); });
      // Guava's catchingAsync: recover to a future, then compose to take its outcome.
      ExecutorFuture<AsyncFuture<String>> attempt =
          ExecutorCombinators.recover(
              ExecutorCombinators.map(primary, ExecutorFutures::completed), IOException.class, e -> backup);
      ExecutorFuture<String> withFallback = ExecutorCombinators.compose(attempt, inner -> inner);
      out.println(withFallback.result(Duration.ofSeconds(5))); // from the backup
      // end
    }
  }

  /** docs/operating.md, end to end; returns the meter registry it published to. */
  static MeterRegistry operating(List<LoopErrorContext> reports) throws Exception {
    MeterRegistry registry = new SimpleMeterRegistry();
    // snippet:operating-setup
    BackgroundLoop background =
        EventLoops.builder()
            .blockedThreshold(Duration.ofSeconds(2)) // the default; .watchdog(false) turns it off
            .exceptionHandler((loop, report) -> reports.add(report))
            .startBackgroundLoop("orders-loop");
    EventLoop loop = background.loop();
    new LoopMetrics(loop, "orders").bindTo(registry); // tandem-micrometer
    // end
    // snippet:operating-health
    LoopHealth health = LoopOperations.health(loop); // any thread, approximate, cheap
    if (health.inboxDepth() > 10_000 || health.lagP99().toMillis() > 100) {
      System.err.println("orders-loop is falling behind: " + health);
    }
    // end
    // snippet:operating-handler
    LoopExceptionHandler previous = LoopOperations.exceptionHandler(loop);
    LoopOperations.setExceptionHandler(loop, (l, report) -> {
      reports.add(report);
      previous.handle(l, report); // keep logging too
    });
    LoopOperations.callExceptionHandler(
        loop, LoopErrorContext.of("cache refresh failed; serving stale data", null, null));
    // end
    // snippet:operating-dump
    loop.execute(() -> {
      for (PendingFuture pending : LoopOperations.pendingFutures(loop)) {
        System.out.println("waiting for " + pending); // name, and creation site in debug mode
      }
    });
    // end
    // snippet:operating-shutdown
    boolean clean = background.shutdown(Duration.ofSeconds(5)); // graceful, then closed
    // end
    if (!clean) {
      throw new IllegalStateException("the loop thread did not end");
    }
    return registry;
  }

  static void contextPropagation() throws Exception {
    // snippet:concepts-context
    ThreadLocal<String> requestId = new ThreadLocal<>();
    ContextPropagator propagator = ContextPropagator.ofThreadLocals(requestId);
    EventLoop loop = EventLoops.builder().contextPropagator(propagator).build();
    FutureExecutor pool = FutureExecutor.newFixedPool(2, "io", propagator);

    requestId.set("r-42");
    ExecutorFuture<String> onPool = pool.submit(requestId::get); // runs on a pool thread, in r-42
    LoopFuture<String> onLoop = LoopFutures.adopt(loop, onPool);
    onLoop.addDoneCallback(f -> System.out.println(requestId.get() + " " + f.result())); // r-42 r-42
    requestId.remove(); // what is set from now on is not captured above
    loop.runUntilComplete(onLoop);
    // end
    loop.close();
    pool.close();
  }

  static void hostingOnNetty() throws Exception {
    // snippet:docs-hosting-netty
    DefaultEventLoop netty = new DefaultEventLoop();   // any Netty EventExecutor
    EventLoop loop = NettyLoops.host(netty);           // Tandem's loop on its thread
    CompletableFuture<String> seen = new CompletableFuture<>();
    netty.execute(() -> {                              // plain Netty code, on the Netty thread
      LoopFuture<String> tick = loop.createFuture();
      loop.callLater(Duration.ofMillis(10), () -> tick.setResult("tick"));
      LoopFutures.map(tick, String::toUpperCase)
          .addDoneCallback(done -> seen.complete(done.result() + " on the Netty thread: " + loop.inLoopThread()));
    });
    System.out.println(seen.get(5, TimeUnit.SECONDS)); // TICK on the Netty thread: true
    netty.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly(); // closes the loop too
    // end
  }

  static void structuredOnThreads() throws Exception {
    // snippet:concepts-task-group
    try (FutureExecutor pool = FutureExecutor.newFixedPool(2);
        BackgroundLoop background = EventLoops.startBackgroundLoop("orders-loop")) {
      EventLoop loop = background.loop();
      String receipt =
          Deadline.within(Duration.ofSeconds(2), deadline -> {
            try (TaskGroup group = TaskGroup.open("order-7")) {
              ExecutorFuture<Integer> total = group.submit("total", pool, () -> 6 * 7);
              ExecutorFuture<String> slot = group.startOnLoop("slot", loop, () -> {
                LoopFuture<String> timer = loop.createFuture();
                loop.callLater(Duration.ofMillis(10), () -> timer.setResult("08:00"));
                return timer;
              });
              group.close(); // waits for both children, within the deadline
              return total.result() + " EUR, delivery at " + slot.result();
            }
          });
      System.out.println(receipt); // 42 EUR, delivery at 08:00
    }
    // end
  }

  static void structuredOnTheLoop() {
    // snippet:concepts-loop-task-group
    EventLoop loop = EventLoops.newEventLoop();
    LoopTaskGroup group = LoopTaskGroup.open(loop, "order-8");
    LoopFuture<String> never = group.start("slow", () -> loop.<String>createFuture());
    group.adopt("stock", ExecutorFutures.failed(new IllegalStateException("out of stock")));
    try {
      loop.runUntilComplete(group.close());
    } catch (IllegalStateException e) {
      System.out.println(e.getMessage()); // out of stock: the failure itself
    }
    System.out.println(Failures.cancelMessage(never));
    // cancelled by order-8 because its child 'stock' failed: java.lang.IllegalStateException: out of stock
    loop.close();
    // end
  }
}
