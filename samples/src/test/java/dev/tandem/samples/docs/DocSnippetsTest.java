package dev.tandem.samples.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.common.util.concurrent.Futures;
import com.sun.net.httpserver.HttpServer;
import dev.tandem.api.ExecutorFuture;
import dev.tandem.api.LoopFuture;
import dev.tandem.loop.BackgroundLoop;
import dev.tandem.loop.LoopErrorContext;
import dev.tandem.threads.ExecutorFutures;
import dev.tandem.threads.FutureExecutor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import dev.tandem.api.EventLoop;
import dev.tandem.loop.EventLoops;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The code in README.md and docs/ compiles (it lives in this package) and does what it says. */
@Timeout(60)
final class DocSnippetsTest {
  private static final Path ROOT = Paths.get("").toAbsolutePath().getParent();
  private static final Path SOURCES = Paths.get("src/test");
  private static final Pattern MARKER = Pattern.compile("<!-- snippet:([\\w-]+) -->\\s*\\n```\\w*\\n(.*?)\\n```", Pattern.DOTALL);
  private static final Pattern JAVADOC =
      Pattern.compile("<!-- snippet:([\\w-]+)[^>]*-->\\n \\* <pre>\\{@code\\n(.*?)\\n \\* \\}</pre>", Pattern.DOTALL);
  private static final Pattern REGION = Pattern.compile("// snippet:([\\w-]+)\\n(.*?)\\n\\s*// end", Pattern.DOTALL);

  @Test
  void everySnippetInTheDocs_standsVerbatimInCompiledCode() throws IOException {
    Map<String, String> regions = new HashMap<>();
    for (Path source :
        List.of(
            SOURCES.resolve("java/dev/tandem/samples/docs/DocSnippets.java"),
            SOURCES.resolve("java/dev/tandem/samples/docs/JavadocSnippets.java"),
            SOURCES.resolve("kotlin/dev/tandem/samples/docs/KotlinDocSnippets.kt"))) {
      Matcher m = REGION.matcher(Files.readString(source));
      while (m.find()) {
        regions.put(m.group(1), dedent(m.group(2)));
      }
    }
    List<String> documented = new ArrayList<>();
    List<Path> documents = new ArrayList<>(List.of(ROOT.resolve("README.md")));
    try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
      documents.addAll(docs.filter(p -> p.toString().endsWith(".md")).collect(Collectors.toList()));
    }
    for (Path doc : documents) {
      Matcher m = MARKER.matcher(Files.readString(doc));
      while (m.find()) {
        String name = m.group(1);
        documented.add(name);
        assertThat(regions).as("code region for snippet %s in %s", name, doc).containsKey(name);
        assertThat(dedent(m.group(2))).as("snippet %s in %s", name, doc).isEqualTo(regions.get(name));
      }
    }
    List<Path> javaSources = new ArrayList<>();
    for (String module : List.of("api", "jvm-threads", "loop", "netty", "swing")) {
      try (Stream<Path> files = Files.walk(ROOT.resolve(module).resolve("src/main/java"))) {
        javaSources.addAll(files.filter(p -> p.toString().endsWith(".java")).collect(Collectors.toList()));
      }
    }
    for (Path source : javaSources) {
      Matcher m = JAVADOC.matcher(Files.readString(source));
      while (m.find()) {
        String name = m.group(1);
        documented.add(name);
        String code = m.group(2).lines().map(l -> l.replaceFirst("^ \\* ?", "")).collect(Collectors.joining("\n"));
        assertThat(regions).as("code region for snippet %s in %s", name, source).containsKey(name);
        assertThat(dedent(code)).as("snippet %s in %s", name, source).isEqualTo(regions.get(name));
      }
    }
    assertThat(documented).containsExactlyInAnyOrderElementsOf(regions.keySet());
    assertThat(documented).as("Javadoc examples found").contains("javadoc-event-loops", "javadoc-executor-futures");
  }

  @Test
  void operatingGuide_reportsThroughTheLiveHandler_andShutsDownGracefully() throws Exception {
    List<LoopErrorContext> reports = java.util.Collections.synchronizedList(new ArrayList<>());
    io.micrometer.core.instrument.MeterRegistry registry = DocSnippets.operating(reports);
    assertThat(reports)
        .extracting(LoopErrorContext::message)
        .contains("cache refresh failed; serving stale data");
    assertThat(registry.get("tandem.loop.callbacks").tag("loop", "orders").functionCounter().count())
        .isPositive();
  }

  @Test
  void docsHostingOnNetty_combinesOnTheNettyThread() throws Exception {
    String out = capture(() -> DocSnippets.hostingOnNetty());
    assertThat(out).isEqualTo(lines("TICK on the Netty thread: true"));
  }

  @Test
  void conceptsContext_theLoopCallbackSeesTheSubmittersRequestId() throws Exception {
    String out = capture(() -> DocSnippets.contextPropagation());
    assertThat(out).isEqualTo(lines("r-42 r-42"));
  }

  @Test
  void javaQuickStart_printsTheTaskResultAndTheGather() throws Exception {
    String out = capture(() -> DocSnippets.quickStart());
    assertThat(out).isEqualTo(lines("42", "[hello, 42]"));
  }

  @Test
  void kotlinQuickStart_printsTheAnswer() throws Exception {
    String out = capture(KotlinDocSnippets::kotlinQuickStart);
    assertThat(out).isEqualTo(lines("the answer is 42"));
  }

  @Test
  void completableFutureMigration_givesTheSameResultAndTheOriginalBack() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DocSnippets.fromCompletableFuture(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    // The done callbacks run on the pool thread that completed each future, so they may print
    // after result() returned and after "true": wait for both, in whatever order they came.
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(bytes.toString(StandardCharsets.UTF_8).lines())
                    .containsExactlyInAnyOrder("ready: report", "ready: report", "true"));
  }

  @Test
  void guavaMigration_readsTheLegacyResultOnThreadsAndOnTheLoop() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DocSnippets.fromGuava(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo(lines("user-7", "user-7", "true"));
  }

  @Test
  void composition_mapsComposesRecoversCombinesAndFallsBack() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DocSnippets.composition(
        new PrintStream(bytes, true, StandardCharsets.UTF_8), ExecutorFutures.completed("from the backup"));
    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .isEqualTo(lines("[12, <P>HELLO</P>]", "from the backup"));
  }

  @Test
  void javadocExecutorCombinators_mapsComposesAndCancelsTheGroup() throws Exception {
    try (FutureExecutor pool = FutureExecutor.newFixedPool(2);
        BackgroundLoop background = EventLoops.startBackgroundLoop("combinators-doc")) {
      LoopFuture<String> fromLoop = background.loop().createFuture();
      List<String> log = new JavadocSnippets().executorCombinators(pool, "a", fromLoop);
      assertThat(log).containsExactly("downloaded a", "length 9, saved 9");
      await().atMost(Duration.ofSeconds(10)).until(fromLoop::isCancelled);
    }
  }

  @Test
  void kotlinMigration_awaitsTheLegacyFutureAndConvertsTheDeferred() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (EventLoop loop = EventLoops.newEventLoop()) {
      KotlinDocSnippets.kotlinMigration(
          new PrintStream(bytes, true, StandardCharsets.UTF_8), Futures.immediateFuture("ada"), loop);
    }
    assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo(lines("ada ada done done"));
  }

  @Test
  void javadocManualClock_firesAThirtySecondTimerWithoutWaiting() {
    assertThat(new JavadocSnippets().manualClock()).isEqualTo("timer fired");
  }

  @Test
  void javadocEventLoopBuilder_handsAThrowingCallbackToTheHandler() {
    List<LoopErrorContext> reports = new JavadocSnippets().eventLoopBuilder();
    assertThat(reports).hasSize(1);
    assertThat(reports.get(0).exception()).hasMessageContaining("reported, not thrown");
  }

  @Test
  void javadocEventLoops_runsOnThisThreadAndInTheBackground() throws Exception {
    String[] greeting = new String[1];
    String out = capture(() -> greeting[0] = new JavadocSnippets().eventLoops());
    assertThat(greeting[0]).isEqualTo("hello");
    assertThat(out).isEqualTo(lines("on the loop thread"));
  }

  @Test
  void javadocBackgroundLoop_runsTheCallbackOnTheLoopThread() throws Exception {
    String out = capture(() -> new JavadocSnippets().backgroundLoop());
    assertThat(out).startsWith("runs on ").contains("tandem-loop");
  }

  @Test
  void javadocFutureWaits_returnsOnTheFirstCompletedAndIteratesInCompletionOrder() throws Exception {
    JavadocSnippets snippets = new JavadocSnippets();
    try (BackgroundLoop background = EventLoops.startBackgroundLoop("waits-loop")) {
      ExecutorFuture<String> fromPool = ExecutorFutures.completed("from the pool");
      LoopFuture<String> fromLoop = background.loop().createFuture();
      String out = capture(() -> snippets.futureWaits(fromPool, fromLoop, List.of(fromPool)));
      assertThat(out).isEqualTo(lines("from the pool"));
    }
    assertThat(snippets.logged()).containsExactly("done: 1, not done: 1");
  }

  @Test
  void javadocFutureExecutor_readsAFileAndMapsTheUrls(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("three.txt"), "abc");
    List<String> log = new JavadocSnippets().futureExecutor(file, List.of("a", "b"));
    assertThat(log).containsExactlyInAnyOrder("downloaded a", "downloaded b");
  }

  @Test
  void javadocExecutorFutures_adaptsAnHttpClientRequest() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          byte[] body = "hi".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    try {
      JavadocSnippets snippets = new JavadocSnippets();
      URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
      snippets.executorFutures(HttpClient.newHttpClient(), uri);
      // One "hi" comes from result(), the other from the done callback, which runs on the
      // HttpClient thread that completed the future and may come after result() returned.
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(snippets.logged()).containsExactly("hi", "hi"));
    } finally {
      server.stop(0);
    }
  }

  // ---- structured concurrency: the Javadoc of TaskGroup, Deadline, LoopTaskGroup, LoopDeadline ----

  @Test
  void javadocTaskGroup_combinesAPoolChildAndALoopChild() throws Exception {
    try (FutureExecutor pool = FutureExecutor.newFixedPool(2);
        BackgroundLoop background = EventLoops.startBackgroundLoop("task-group-doc")) {
      EventLoop loop = background.loop();
      String answer =
          new JavadocSnippets()
              .taskGroup(pool, loop, item -> 42, item -> done(loop, "3 " + item), "mug");
      assertThat(answer).isEqualTo("3 mug at 42");
    }
  }

  @Test
  void javadocDeadline_returnsThePageWithinTheDeadline() throws Exception {
    try (FutureExecutor pool = FutureExecutor.newFixedPool(1)) {
      JavadocSnippets snippets = new JavadocSnippets();
      assertThat(snippets.deadline(pool)).isEqualTo("page /first");
      assertThat(snippets.logged()).containsExactly("fetched /first");
    }
  }

  @Test
  void javadocLoopTaskGroup_mapsTheCompletionToBothResults() {
    try (FutureExecutor pool = FutureExecutor.newFixedPool(1)) {
      EventLoop loop = EventLoops.newEventLoop();
      LoopFuture<String> answer =
          new JavadocSnippets()
              .loopTaskGroup(pool, loop, item -> 42, item -> done(loop, "3 " + item), "mug");
      assertThat(loop.runUntilComplete(answer)).isEqualTo("3 mug at 42");
      loop.close();
    }
  }

  @Test
  void javadocLoopDeadline_timesOutAtTheMovedDeadline_whenTheCallNeverAnswers() {
    dev.tandem.loop.ManualClock clock = dev.tandem.loop.ManualClock.create();
    EventLoop loop = EventLoops.builder().clock(clock).build();
    LoopFuture<String> page = new JavadocSnippets().loopDeadline(loop, path -> loop.createFuture());
    loop.callSoon(() -> loop.callSoon(() -> clock.advance(Duration.ofSeconds(3))));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> loop.runUntilComplete(page))
        .hasCauseInstanceOf(java.util.concurrent.TimeoutException.class)
        .hasMessageContaining("within 2000 ms");
    loop.close();
  }

  @Test
  void conceptsTaskGroup_printsTheReceipt() throws Exception {
    String out = capture(DocSnippets::structuredOnThreads);
    assertThat(out).isEqualTo(lines("42 EUR, delivery at 08:00"));
  }

  @Test
  void conceptsLoopTaskGroup_printsTheFailureAndTheSiblingsCancelMessage() throws Exception {
    String out = capture(DocSnippets::structuredOnTheLoop);
    assertThat(out)
        .isEqualTo(
            lines(
                "out of stock",
                "cancelled by order-8 because its child 'stock' failed: java.lang.IllegalStateException: out of stock"));
  }

  private static LoopFuture<String> done(EventLoop loop, String value) {
    LoopFuture<String> f = loop.createFuture();
    f.setResult(value);
    return f;
  }

  private interface Body {
    void run() throws Exception;
  }

  private static synchronized String capture(Body body) throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      body.run();
    } finally {
      System.setOut(original);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static String lines(String... lines) {
    return String.join(System.lineSeparator(), lines) + System.lineSeparator();
  }

  private static String dedent(String block) {
    List<String> lines = block.lines().collect(Collectors.toList());
    int indent =
        lines.stream()
            .filter(l -> !l.isBlank())
            .mapToInt(l -> l.length() - l.stripLeading().length())
            .min()
            .orElse(0);
    return lines.stream()
        .map(l -> l.isBlank() ? "" : l.substring(indent).stripTrailing())
        .collect(Collectors.joining("\n"));
  }
}
