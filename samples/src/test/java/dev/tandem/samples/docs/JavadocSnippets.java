package dev.tandem.samples.docs;

import static java.net.http.HttpResponse.BodyHandlers.ofString;

import dev.tandem.api.AsyncFuture;
import dev.tandem.api.EventLoop;
import dev.tandem.api.ExecutorFuture;
import dev.tandem.api.LoopFuture;
import dev.tandem.api.ReturnWhen;
import dev.tandem.loop.BackgroundLoop;
import dev.tandem.loop.EventLoops;
import dev.tandem.loop.LoopFutures;
import dev.tandem.loop.LoopDeadline;
import dev.tandem.loop.LoopHost;
import dev.tandem.loop.LoopTaskGroup;
import dev.tandem.netty.NettyLoops;
import dev.tandem.swing.SwingLoops;
import io.netty.channel.ChannelHandlerContext;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.swing.JLabel;
import dev.tandem.loop.LoopErrorContext;
import dev.tandem.loop.LoopHealth;
import dev.tandem.loop.LoopOperations;
import dev.tandem.loop.ManualClock;
import dev.tandem.threads.Deadline;
import dev.tandem.threads.ExecutorCombinators;
import dev.tandem.threads.ExecutorFutures;
import dev.tandem.threads.FutureExecutor;
import dev.tandem.threads.FutureWaits;
import dev.tandem.threads.TaskGroup;
import dev.tandem.api.DoneAndNotDone;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The examples in the Javadoc of the published modules, compiled here; {@code DocSnippetsTest}
 * checks that each region stands verbatim in the Javadoc that names it and runs the ones that
 * need no network.
 */
final class JavadocSnippets {
  private final List<String> log = new ArrayList<>();

  void executorFutures(HttpClient httpClient, URI uri) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(uri).build();
    // snippet:javadoc-executor-futures
    CompletableFuture<String> cf = httpClient.sendAsync(request, ofString()).thenApply(HttpResponse::body);
    ExecutorFuture<String> body = ExecutorFutures.from(cf);
    body.addDoneCallback(f -> log(f.result()));
    String text = body.result(Duration.ofSeconds(5));
    // end
    log(text);
  }

  List<String> futureExecutor(Path path, List<String> urls) throws Exception {
    // snippet:javadoc-future-executor
    try (FutureExecutor executor = FutureExecutor.newFixedPool(4)) {
      ExecutorFuture<Integer> size = executor.submit(() -> Files.readAllBytes(path).length);
      List<String> pages = executor.map(this::download, urls, Duration.ofSeconds(30));
    } // close() waits for the tasks
    // end
    return log;
  }

  void futureWaits(
      ExecutorFuture<String> fromPool, LoopFuture<String> fromLoop, List<AsyncFuture<String>> futures)
      throws Exception {
    // snippet:javadoc-future-waits
    DoneAndNotDone<AsyncFuture<String>> r =
        FutureWaits.wait(List.of(fromPool, fromLoop), ReturnWhen.FIRST_COMPLETED, Duration.ofSeconds(1));
    for (Iterator<AsyncFuture<String>> it = FutureWaits.asCompleted(futures); it.hasNext(); ) {
      System.out.println(it.next().result());
    }
    // end
    log("done: " + r.done().size() + ", not done: " + r.notDone().size());
  }

  String manualClock() {
    // snippet:javadoc-manual-clock
    ManualClock clock = ManualClock.create();
    EventLoop loop = EventLoops.builder().clock(clock).build();
    LoopFuture<String> done = loop.createFuture();
    loop.callLater(Duration.ofSeconds(30), () -> done.setResult("timer fired"));
    loop.callSoon(() -> clock.advance(Duration.ofSeconds(30)));
    loop.runUntilComplete(done); // returns at once: nothing sleeps for 30 seconds
    // end
    loop.close();
    return done.result();
  }

  List<LoopErrorContext> eventLoopBuilder() {
    // snippet:javadoc-event-loop-builder
    ManualClock clock = ManualClock.create();
    List<LoopErrorContext> reports = new ArrayList<>();
    EventLoop loop =
        EventLoops.builder()
            .clock(clock)
            .exceptionHandler((l, context) -> reports.add(context))
            .debug(true)
            .build();
    // end
    loop.callSoon(
        () -> {
          throw new IllegalStateException("reported, not thrown (expected by the test)");
        });
    LoopFuture<String> after = loop.createFuture();
    loop.callSoon(() -> after.setResult("after"));
    loop.runUntilComplete(after);
    loop.close();
    return reports;
  }

  void backgroundLoop() {
    // snippet:javadoc-background-loop
    try (BackgroundLoop background = EventLoops.startBackgroundLoop("tandem-loop")) {
      EventLoop loop = background.loop();
      loop.callSoonThreadsafe(() -> System.out.println("runs on " + Thread.currentThread()));
    }
    // end
  }

  String eventLoops() {
    // snippet:javadoc-event-loops
    EventLoop loop = EventLoops.newEventLoop();         // runs on whichever thread runs it
    LoopFuture<String> greeting = loop.createFuture();
    loop.callLater(Duration.ofMillis(10), () -> greeting.setResult("hello"));
    String s = loop.runUntilComplete(greeting);         // runs the loop on this thread
    loop.close();

    try (BackgroundLoop background = EventLoops.startBackgroundLoop("tandem-loop")) {
      background.loop().execute(() -> System.out.println("on the loop thread"));
    }                                                   // stops, closes and joins it
    // end
    return s;
  }

  List<String> executorCombinators(FutureExecutor pool, String url, LoopFuture<String> fromLoop)
      throws Exception {
    // snippet:javadoc-executor-combinators
    ExecutorFuture<String> page = pool.submit(() -> download(url));
    ExecutorFuture<Integer> length = ExecutorCombinators.map(page, String::length);
    ExecutorFuture<String> saved = ExecutorCombinators.compose(page, text -> pool.submit(() -> save(text)));
    ExecutorFuture<String> orEmpty = ExecutorCombinators.recover(page, IOException.class, e -> "");
    ExecutorFuture<List<String>> both = ExecutorCombinators.allOf(List.of(orEmpty, fromLoop));
    both.cancel("no longer needed"); // cancels orEmpty, page and fromLoop unless they are done
    // end
    log("length " + length.result(Duration.ofSeconds(5)) + ", " + saved.result(Duration.ofSeconds(5)));
    return logged();
  }

  private String save(String text) {
    return "saved " + text.length();
  }

  private String download(String url) {
    log("downloaded " + url);
    return "page of " + url;
  }

  private synchronized void log(String line) {
    log.add(line);
  }

  synchronized List<String> logged() {
    return List.copyOf(log);
  }

  void loopOperations() {
    // snippet:javadoc-loop-operations
    EventLoop loop = EventLoops.builder().blockedThreshold(Duration.ofSeconds(1)).build();
    LoopOperations.setExceptionHandler(loop, (l, report) -> System.err.println(report));
    LoopFuture<String> user = LoopOperations.named(loop.createFuture(), "load-user");
    LoopHealth health = LoopOperations.health(loop);   // any thread
    LoopOperations.shutdownGracefully(loop, Duration.ofSeconds(5));
    // end
    log(user + " " + health.callbacksRun());
  }

  EventLoop loopHost(ScheduledExecutorService scheduler, Thread schedulerThread) {
    // snippet:javadoc-loop-host
    LoopHost host = new LoopHost() {
      public void execute(Runnable task) { scheduler.execute(task); }
      public boolean inHostThread() { return Thread.currentThread() == schedulerThread; }
      public Scheduled schedule(Runnable task, long delayNanos) {
        ScheduledFuture<?> f = scheduler.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
      }
    };
    EventLoop loop = EventLoops.hosted(host);
    // end
    return loop;
  }

  void nettyLoops(ChannelHandlerContext ctx) {
    // snippet:javadoc-netty-loops
    // in a ChannelHandler, on the channel's event loop
    EventLoop loop = NettyLoops.host(ctx.executor());
    LoopFuture<String> later = loop.createFuture();
    loop.callLater(Duration.ofMillis(5), () -> later.setResult("tick"));
    LoopFutures.map(later, String::length).addDoneCallback(n -> ctx.writeAndFlush(n.result()));
    // end
  }

  void swingLoops(Executor pool, JLabel label) {
    // snippet:javadoc-swing-loops
    // in a listener, on the EDT
    EventLoop edt = SwingLoops.edt();
    LoopFuture<String> text = edt.runInExecutor(pool, () -> slowLookup());
    text.addDoneCallback(done -> label.setText(done.result())); // runs on the EDT
    // end
  }

  private static String slowLookup() {
    return "found";
  }

  // ---- structured concurrency (TaskGroup, Deadline, LoopTaskGroup, LoopDeadline) ----

  /** A price service on threads. */
  interface Pricing {
    int quote(String item) throws Exception;
  }

  /** A stock service on the loop. */
  interface Inventory {
    LoopFuture<String> lookUp(String item);
  }

  /** A client whose calls return loop futures. */
  interface LoopClient {
    LoopFuture<String> get(String path);
  }

  String taskGroup(FutureExecutor pool, EventLoop loop, Pricing pricing, Inventory inventory, String item) {
    // snippet:javadoc-task-group
    ExecutorFuture<Integer> price;
    ExecutorFuture<String> stock;
    try (TaskGroup group = TaskGroup.open("checkout")) {
      price = group.submit("price", pool, () -> pricing.quote(item));
      stock = group.startOnLoop("stock", loop, () -> inventory.lookUp(item)); // a loop future
    } // close() waits for both; the first failure cancels the other and is thrown here
    return stock.result() + " at " + price.result();
    // end
  }

  String deadline(FutureExecutor pool) throws Exception {
    // snippet:javadoc-deadline
    String page =
        Deadline.within(Duration.ofSeconds(2), deadline -> {
          ExecutorFuture<String> first = pool.submit(() -> fetch("/first"));
          deadline.reschedule(deadline.when() + Duration.ofSeconds(1).toNanos()); // one more second
          return first.result(Duration.ofMinutes(1)); // waits 3 s at most: the earlier limit wins
        });
    // end
    return page;
  }

  private String fetch(String path) {
    log("fetched " + path);
    return "page " + path;
  }

  LoopFuture<String> loopTaskGroup(
      FutureExecutor pool, EventLoop loop, Pricing pricing, Inventory inventory, String item) {
    // snippet:javadoc-loop-task-group
    LoopTaskGroup group = LoopTaskGroup.open(loop, "checkout");
    LoopFuture<Integer> price = group.adopt("price", pool.submit(() -> pricing.quote(item)));
    LoopFuture<String> stock = group.start("stock", () -> inventory.lookUp(item));
    LoopFuture<String> answer =
        LoopFutures.map(group.close(), done -> stock.result() + " at " + price.result());
    // end
    return answer;
  }

  LoopFuture<String> loopDeadline(EventLoop loop, LoopClient client) {
    // snippet:javadoc-loop-deadline
    LoopFuture<String> page =
        LoopDeadline.within(loop, Duration.ofSeconds(2), deadline -> {
          LoopFuture<String> first = client.get("/first"); // a loop future of this loop
          deadline.reschedule(deadline.when() + Duration.ofSeconds(1).toNanos()); // one more second
          return LoopFutures.waitFor(loop, first, Duration.ofMinutes(1)); // 3 s at most
        });
    // end
    return page;
  }
}
