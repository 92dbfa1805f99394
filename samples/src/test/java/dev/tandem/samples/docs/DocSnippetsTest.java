package dev.tandem.samples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.util.concurrent.Futures;
import dev.tandem.api.EventLoop;
import dev.tandem.loop.EventLoops;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
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

/** The code in README.md and docs/ compiles (it lives in this package) and does what it says. */
@Timeout(60)
final class DocSnippetsTest {
  private static final Path ROOT = Paths.get("").toAbsolutePath().getParent();
  private static final Path SOURCES = Paths.get("src/test");
  private static final Pattern MARKER = Pattern.compile("<!-- snippet:([\\w-]+) -->\\s*\\n```\\w*\\n(.*?)\\n```", Pattern.DOTALL);
  private static final Pattern REGION = Pattern.compile("// snippet:([\\w-]+)\\n(.*?)\\n\\s*// end", Pattern.DOTALL);

  @Test
  void everySnippetInTheDocs_standsVerbatimInCompiledCode() throws IOException {
    Map<String, String> regions = new HashMap<>();
    for (Path source :
        List.of(
            SOURCES.resolve("java/dev/tandem/samples/docs/DocSnippets.java"),
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
    assertThat(documented).containsExactlyInAnyOrderElementsOf(regions.keySet());
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
    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .contains("ready: report")
        .endsWith(lines("true"));
  }

  @Test
  void guavaMigration_readsTheLegacyResultOnThreadsAndOnTheLoop() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DocSnippets.fromGuava(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo(lines("user-7", "user-7", "true"));
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
