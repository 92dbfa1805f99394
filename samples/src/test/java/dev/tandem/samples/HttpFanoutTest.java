package dev.tandem.samples;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

final class HttpFanoutTest {

  /**
   * The sample gives its 22 answerable requests {@link HttpFanout#PATIENCE} (2 s) and the test
   * checks that all of them made it. In a JVM where nothing used the JDK's HTTP client and server
   * yet, loading and compiling them ate most of that: the 22nd answer came up to 2.3 s after the
   * sample started on a loaded 2-core machine, against about 0.3 s once they are warm. Whether
   * this class runs first depends on the order Surefire picks, so warm them up here, outside the
   * sample's clock.
   */
  @BeforeAll
  static void warmUpTheJdkHttpClientAndServer() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          byte[] body = "warm".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    try {
      HttpClient client = HttpClient.newHttpClient();
      URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
      List<CompletableFuture<String>> answers = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        answers.add(
            client
                .sendAsync(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString())
                .thenApply(HttpResponse::body));
      }
      CompletableFuture.allOf(answers.toArray(new CompletableFuture<?>[0])).get(30, TimeUnit.SECONDS);
    } finally {
      server.stop(0);
    }
  }

  @Test
  @Timeout(30)
  void run_countsOkFailedAndCancelledRequests() throws Exception {
    Output out = new Output();

    HttpFanout.run(out.stream);

    assertThat(out.text())
        .containsPattern("server listening on http://127\\.0\\.0\\.1:\\d+")
        .contains("22/24 done: 20 ok, 2 failed")
        .contains("gave up: 2 (of 24) futures unfinished after 2000 ms")
        .contains("/broken/5: HTTP 500 database unavailable")
        .contains("/broken/17: HTTP 500 database unavailable")
        .contains("/stuck/12: cancelled (gave up after 2000 ms)")
        .contains("/stuck/24: cancelled (gave up after 2000 ms)")
        .contains("summary: 20 ok, 2 failed, 2 cancelled (of 24)");
  }
}
