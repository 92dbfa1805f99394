package dev.tandem.samples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tandem.api.EventLoop;
import dev.tandem.api.ExecutorFuture;
import dev.tandem.api.Failures;
import dev.tandem.api.Handle;
import dev.tandem.api.LoopFuture;
import dev.tandem.loop.BackgroundLoop;
import dev.tandem.loop.EventLoops;
import dev.tandem.loop.LoopFutures;
import dev.tandem.threads.Deadline;
import dev.tandem.threads.ExecutorFutures;
import dev.tandem.threads.FutureExecutor;
import dev.tandem.threads.TaskGroup;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Structured concurrency in a request handler: each order is answered by fanning out, inside a
 * {@link Deadline}, to a thread pool (the price, CPU work) and to an event loop (a delivery slot
 * from a loop timer, the stock from an HTTP call through {@code HttpClient}), all children of one
 * {@link TaskGroup}. Three orders show the three endings: everything answers; the stock call
 * fails and the group cancels the price computation and the timer; the stock call hangs and
 * the deadline cancels it.
 *
 * <p>The server is an embedded {@code com.sun.net.httpserver.HttpServer} on a free loopback port:
 * {@code /stock/ok} answers at once, {@code /stock/broken} with HTTP 503, {@code /stock/stuck}
 * only after a minute.
 */
public final class StructuredRequest {
  /** Every order's time limit. */
  static final Duration DEADLINE = Duration.ofMillis(800);

  /** When the loop timer offers the delivery slot. */
  static final Duration SLOT_AFTER = Duration.ofMillis(150);

  private StructuredRequest() {}

  public static void main(String[] args) throws Exception {
    run(System.out);
  }

  /** Runs the sample, printing to {@code out}. */
  public static void run(PrintStream out) throws Exception {
    try (DemoServer server = DemoServer.start();
        FutureExecutor pool = FutureExecutor.newFixedPool(2, "pricing");
        BackgroundLoop background = EventLoops.startBackgroundLoop("requests-loop")) {
      HttpClient http = HttpClient.newHttpClient();
      // A first call outside any deadline: the JDK's HTTP client is slow to start the first time.
      HttpResponse<String> health =
          http.send(HttpRequest.newBuilder(server.baseUri().resolve("/stock/ok")).build(),
              HttpResponse.BodyHandlers.ofString());
      out.println("stock service on " + server.baseUri() + " answers " + health.statusCode());
      Handler handler = new Handler(pool, background.loop(), http, server.baseUri());
      handler.handle(out, "order-1", "ok", 20);
      handler.handle(out, "order-2", "broken", 1_000_000); // a price that takes minutes to compute
      handler.handle(out, "order-3", "stuck", 20);
    }
  }

  /** The request handler: one deadline, one task group, three children of both kinds. */
  private record Handler(FutureExecutor pool, EventLoop loop, HttpClient http, URI stockService) {

    void handle(PrintStream out, String order, String stockPath, int priceBatches) {
      out.println();
      out.println(order + ": deadline " + DEADLINE.toMillis() + " ms, task group " + order);
      AtomicInteger batchesDone = new AtomicInteger();
      ExecutorFuture<?>[] children = new ExecutorFuture<?>[3];
      String answer;
      try {
        answer =
            Deadline.within(DEADLINE, deadline -> {
              try (TaskGroup group = TaskGroup.open(order)) {
                children[0] = group.submit("price", pool, () -> price(priceBatches, batchesDone));
                children[1] = group.startOnLoop("slot", loop, this::deliverySlot);
                children[2] = group.startOnLoop("stock", loop, () -> stock(stockPath));
                group.close(); // waits for all three; the first failure cancels the others
                return "200 OK: " + children[2].result() + ", " + children[0].result()
                    + ", delivery " + children[1].result();
              }
            });
      } catch (TimeoutException e) { // the deadline's cancellation, turned into this at its boundary
        answer = "504 Gateway Timeout: " + e.getMessage();
      } catch (CompletionException e) { // a child's checked failure, the same object inside
        answer = "502 Bad Gateway: " + e.getCause();
      } catch (RuntimeException e) {
        answer = "500 Internal Server Error: " + e;
      }
      report(out, "pool", "price", children[0], "(" + batchesDone.get() + " of " + priceBatches + " batches)");
      report(out, "loop", "slot", children[1], "(a loop timer)");
      report(out, "loop", "stock", children[2], "(GET /stock/" + stockPath + ")");
      out.println(order + ": " + answer);
    }

    /** CPU work in batches, with a cancellation checkpoint between them (nothing interrupts it). */
    private static String price(int batches, AtomicInteger done) {
      long hash = 17;
      for (int batch = 0; batch < batches; batch++) {
        TaskGroup.ensureActive(); // throws the group's (or the deadline's) cancellation
        for (int i = 0; i < 20_000; i++) {
          hash = hash * 31 + i;
        }
        done.incrementAndGet();
      }
      return String.format("%d.%02d EUR", 20 + Math.floorMod(hash, 30), Math.floorMod(hash, 100));
    }

    /** Runs on the loop thread: a loop timer offers a slot; cancelling the future stops it. */
    private LoopFuture<String> deliverySlot() {
      LoopFuture<String> slot = loop.createFuture();
      Handle timer = loop.callLater(SLOT_AFTER, () -> {
        if (!slot.isDone()) {
          slot.setResult("tomorrow 08:00");
        }
      });
      slot.addDoneCallback(done -> timer.cancel());
      return slot;
    }

    /** Runs on the loop thread: the HTTP call, adopted as a loop future; cancelling aborts it. */
    private LoopFuture<String> stock(String path) {
      HttpRequest request = HttpRequest.newBuilder(stockService.resolve("/stock/" + path)).build();
      CompletableFuture<HttpResponse<String>> exchange =
          http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
      ExecutorFuture<String> body =
          ExecutorFutures.from(
              exchange.thenApply(response -> {
                if (response.statusCode() != 200) {
                  throw new CompletionException(
                      new IOException("the stock service answered " + response.statusCode()));
                }
                return response.body();
              }));
      LoopFuture<String> onLoop = LoopFutures.adopt(loop, body);
      // HttpClient aborts a request, and frees its connection, only on cancel(true).
      onLoop.addDoneCallback(done -> {
        if (done.isCancelled()) {
          exchange.cancel(true);
        }
      });
      return onLoop;
    }

    private static void report(PrintStream out, String where, String name, ExecutorFuture<?> child, String detail) {
      String outcome;
      if (child == null) {
        outcome = "not started";
      } else if (child.isCancelled()) {
        outcome = "cancelled: " + Failures.cancelMessage(child);
      } else if (child.exception() instanceof CancellationException stopped) {
        outcome = "stopped: " + stopped.getMessage();
      } else if (child.exception() != null) {
        outcome = "failed: " + child.exception();
      } else {
        outcome = "done: " + child.result();
      }
      out.printf("  %-4s %-5s %s %s%n", where, name, outcome, detail);
    }
  }

  /** The stock service. No handler blocks: the stuck answer is scheduled for later. */
  private static final class DemoServer implements AutoCloseable {
    private final HttpServer http;
    private final ScheduledExecutorService later;

    private DemoServer(HttpServer http, ScheduledExecutorService later) {
      this.http = http;
      this.later = later;
    }

    static DemoServer start() throws IOException {
      HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();
      http.createContext("/stock/ok", exchange -> reply(exchange, 200, "7 in stock"));
      http.createContext("/stock/broken", exchange -> reply(exchange, 503, "maintenance"));
      http.createContext("/stock/stuck", exchange -> later.schedule(
          () -> reply(exchange, 200, "too late"), 60, TimeUnit.SECONDS));
      http.start();
      return new DemoServer(http, later);
    }

    URI baseUri() {
      InetSocketAddress address = http.getAddress();
      return URI.create("http://" + address.getHostString() + ":" + address.getPort());
    }

    private static void reply(HttpExchange exchange, int status, String body) {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      try (exchange; OutputStream response = exchange.getResponseBody()) {
        exchange.sendResponseHeaders(status, bytes.length);
        response.write(bytes);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void close() {
      later.shutdownNow(); // the stuck answer is never sent
      http.stop(0);
    }
  }
}
