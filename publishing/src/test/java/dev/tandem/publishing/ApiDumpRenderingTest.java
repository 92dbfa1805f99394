package dev.tandem.publishing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** What {@link ApiDump} shows and hides, on fixture classes of each kind, and its diff. */
final class ApiDumpRenderingTest {
  private static final String HEADER =
      "# The public API of the fixture as the JVM sees it, read from its jar by\n"
          + "# publishing/src/test/java/dev/tandem/publishing/ApiDump.java. Regenerate: docs/publishing.md\n";

  @Test
  void javaTypesAndMembersThatOtherCodeCanUseAreShownWithTheirSignatures() throws Exception {
    Path fixture = Path.of(ApiDumpRenderingTest.class.getResource("fixture").toURI());

    String dump = ApiDump.of(classFiles(fixture), "the fixture");

    assertEquals(HEADER + """

        public final class dev.tandem.publishing.fixture.Closed
          public Closed()
          public void reachable()

        public class dev.tandem.publishing.fixture.Sample<T extends java.lang.Comparable<? super T>> implements java.lang.Iterable<T>
          public static final int LIMIT = 3
          public static final java.lang.String NAME = "a \\"quoted\\" name"
          protected int count
          protected Sample(int)
          public Sample()
          public java.util.Iterator<T> iterator()
          public <R> java.util.List<R> map(java.util.function.Function<? super T, ? extends R>) throws java.io.IOException
          @Deprecated public void old()
          public static int sum(int...)

        public static interface dev.tandem.publishing.fixture.Sample$Callback
          public void call(java.lang.String)
          public static dev.tandem.publishing.fixture.Sample$Callback none()
          public default void twice(java.lang.String)

        public static final enum dev.tandem.publishing.fixture.Sample$Mode extends java.lang.Enum<dev.tandem.publishing.fixture.Sample$Mode>
          public static final dev.tandem.publishing.fixture.Sample$Mode OFF
          public static final dev.tandem.publishing.fixture.Sample$Mode ON
          public static dev.tandem.publishing.fixture.Sample$Mode valueOf(java.lang.String)
          public static dev.tandem.publishing.fixture.Sample$Mode[] values()

        public static final class dev.tandem.publishing.fixture.Sample$Nested
          public Nested()
          public void visible()

        public static final record dev.tandem.publishing.fixture.Sample$Point extends java.lang.Record
          public Point(int, int)
          public boolean equals(java.lang.Object)
          public int hashCode()
          public java.lang.String toString()
          public int x()
          public int y()
        """, dump);
  }

  @Test
  void kotlinDeclarationsAreShownByTheirKotlinVisibility() {
    Path fixture = Path.of(PublishedModules.property("tandem.kotlinSmoke"), "dev", "tandem", "smoke", "kotlin", "fixture");

    String dump = ApiDump.of(classFiles(fixture), "the fixture");

    assertEquals(HEADER + """

        public final class dev.tandem.smoke.kotlin.fixture.Shown
          public Shown()
          public java.lang.String getName()
          public int getSize()
          public synthetic int kotlinOnly()
          public int published()

        public final class dev.tandem.smoke.kotlin.fixture.Visibilities
          public static int topLevel()
        """, dump);
  }

  @Test
  void diffShowsRemovedAndAddedLinesWithTwoLinesOfContext() {
    String before = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\n";
    String after = "a\nb\nc\nD\ne\nf\ng\nh\ni\nj\nk\nl\n";

    assertEquals("  b\n  c\n- d\n+ D\n  e\n  f\n  ...\n  j\n  k\n+ l\n", LineDiff.of(before, after));
  }

  private static List<byte[]> classFiles(Path directory) {
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(f -> f.toString().endsWith(".class")).map(ApiDumpRenderingTest::read).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
