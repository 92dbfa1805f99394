package dev.tandem.samples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tandem.api.ExecutorFuture;
import dev.tandem.api.Failures;
import dev.tandem.api.UncheckedWaitException;
import dev.tandem.threads.ExecutorFutures;
import dev.tandem.threads.FutureWaits;
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
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodySubscribers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * HTTP fan-out: fire many requests with the JDK's {@code HttpClient.sendAsync}, adapt each
 * {@code CompletableFuture} to an {@link ExecutorFuture}, handle the responses as they arrive,
 * give up on stragglers after a deadline and cancel them.
 *
 * <p>The server is an embedded {@code com.sun.net.httpserver.HttpServer} on a free loopback
 * port with four kinds of endpoint: fast, slow (200 ms), broken (HTTP 500) and stuck (answers
 * only after a minute, long after the client gave up).
 */
public final class HttpFanout {
  /** How long the client waits for all the answers before it gives up on the rest. */
  static final Duration PATIENCE = Duration.ofSeconds(2);

  private HttpFanout() {}

  public static void main(String[] args) throws Exception {
    run(System.out);
  }

  /** Runs the sample, printing to {@code out}. */
  public static void run(PrintStream out) throws IOException, InterruptedException {
    try (DemoServer server = DemoServer.start()) {
      out.println("server listening on " + server.baseUri());
      HttpClient client = HttpClient.newHttpClient();

      // 24 requests: mostly fast, some slow, two broken, two stuck.
      List<String> paths = new ArrayList<>();
      for (int i = 1; i <= 24; i++) {
        String kind = i % 12 == 5 ? "broken" : i % 12 == 0 ? "stuck" : i % 4 == 2 ? "slow" : "fast";
        paths.add("/" + kind + "/" + i);
      }

      // sendAsync returns a CompletableFuture; ExecutorFutures.from adapts it without copying.
      Map<ExecutorFuture<String>, String> requests = new LinkedHashMap<>();
      for (String path : paths) {
        HttpRequest request = HttpRequest.newBuilder(server.baseUri().resolve(path)).build();
        CompletableFuture<HttpResponse<String>> exchange =
            client.sendAsync(request, failOnHttpError());
        ExecutorFuture<String> body = ExecutorFutures.from(exchange.thenApply(HttpResponse::body));
        // Cancelling an adapter cancels its CompletableFuture, but never with interruption, and
        // HttpClient aborts the request (and frees its connection) only on cancel(true).
        body.addDoneCallback(done -> {
          if (done.isCancelled()) {
            exchange.cancel(true);
          }
        });
        requests.put(body, path);
      }

      // Consume them in completion order; the deadline counts from here.
      int ok = 0;
      int failed = 0;
      List<String> failures = new ArrayList<>();
      Set<ExecutorFuture<String>> pending = new LinkedHashSet<>(requests.keySet());
      Iterator<ExecutorFuture<String>> completed = FutureWaits.asCompleted(pending, PATIENCE);
      try {
        while (completed.hasNext()) {
          ExecutorFuture<String> response = completed.next(); // blocks; this is not a loop thread
          pending.remove(response);
          Throwable failure = response.exception(); // done, so this never blocks
          if (failure == null) {
            ok++;
          } else {
            failed++;
            failures.add(requests.get(response) + ": " + failure.getMessage());
          }
          progress(out, ok, failed, requests.size());
        }
        out.println();
      } catch (UncheckedWaitException e) { // thrown by next() when time runs out (or on interrupt)
        out.println();
        out.println("gave up: " + e.getMessage());
      }

      // Cancel the stragglers; the message travels with the cancellation.
      int cancelled = 0;
      for (ExecutorFuture<String> response : pending) {
        if (response.cancel("gave up after " + PATIENCE.toMillis() + " ms")) {
          cancelled++;
          failures.add(requests.get(response) + ": cancelled (" + Failures.cancelMessage(response) + ")");
        } else if (response.exception() == null) { // it finished just now, after all
          ok++;
        } else {
          failed++;
          failures.add(requests.get(response) + ": " + response.exception().getMessage());
        }
      }

      failures.forEach(line -> out.println("  " + line));
      out.printf("summary: %d ok, %d failed, %d cancelled (of %d)%n",
          ok, failed, cancelled, requests.size());
    }
  }

  /** Treats any status but 200 as a failure of the future, with the body in the message. */
  private static BodyHandler<String> failOnHttpError() {
    return info ->
        BodySubscribers.mapping(
            BodySubscribers.ofString(StandardCharsets.UTF_8),
            body -> {
              if (info.statusCode() != 200) {
                throw new IllegalStateException("HTTP " + info.statusCode() + " " + body);
              }
              return body;
            });
  }

  /** One live line, rewritten in place with a carriage return. */
  private static void progress(PrintStream out, int ok, int failed, int total) {
    int done = ok + failed;
    String bar = "#".repeat(done) + ".".repeat(total - done);
    out.printf("\r[%s] %2d/%d done: %d ok, %d failed", bar, done, total, ok, failed);
    out.flush();
  }

  /** The embedded server. No handler blocks: slow answers are scheduled for later. */
  private static final class DemoServer implements AutoCloseable {
    private final HttpServer http;
    private final ScheduledExecutorService later;

    private DemoServer(HttpServer http, ScheduledExecutorService later) {
      this.http = http;
      this.later = later;
    }

    static DemoServer start() throws IOException {
      // Loopback only, port 0: the OS picks a free port.
      HttpServer http =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();
      http.createContext("/fast/", exchange -> reply(exchange, 200, "fast answer"));
      http.createContext("/slow/", exchange -> later.schedule(
          () -> reply(exchange, 200, "slow answer"), 200, TimeUnit.MILLISECONDS));
      http.createContext("/broken/", exchange -> reply(exchange, 500, "database unavailable"));
      http.createContext("/stuck/", exchange -> later.schedule(
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
      later.shutdownNow(); // the stuck answers are never sent
      http.stop(0); // closes the connections still open
    }
  }
}
