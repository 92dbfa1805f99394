package dev.tandem.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.api.DoneAndNotDone;
import dev.tandem.api.EventLoop;
import dev.tandem.api.LoopFuture;
import dev.tandem.api.ReturnWhen;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The sets of {@link DoneAndNotDone}, as a wait hands them over and as a caller builds them. */
@Timeout(20)
final class DoneAndNotDoneTest {
  private final EventLoop loop = EventLoops.newEventLoop();

  @AfterEach
  void tearDown() {
    loop.close();
  }

  private List<LoopFuture<String>> futures(int n) {
    List<LoopFuture<String>> list = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      list.add(loop.createFuture());
    }
    return list;
  }

  @Test
  void copies_keepTheGivenOrder_andAnswerContainsForMembersOnly() {
    List<LoopFuture<String>> fs = futures(40);
    DoneAndNotDone<LoopFuture<String>> r =
        new DoneAndNotDone<>(
            new LinkedHashSet<>(fs.subList(0, 30)), new LinkedHashSet<>(fs.subList(30, 40)));
    assertThat(r.done()).containsExactlyElementsOf(fs.subList(0, 30));
    assertThat(r.notDone()).containsExactlyElementsOf(fs.subList(30, 40));
    for (int i = 0; i < 40; i++) {
      assertThat(r.done().contains(fs.get(i))).isEqualTo(i < 30);
      assertThat(r.notDone().contains(fs.get(i))).isEqualTo(i >= 30);
    }
    assertThat(r.done().contains(null)).isFalse();
    assertThat(r.done().contains("not a future")).isFalse();
  }

  @Test
  void copies_areSetsEqualToAnyOtherWithTheSameElements_andDoNotChangeWithTheirSource() {
    List<LoopFuture<String>> fs = futures(5);
    Set<LoopFuture<String>> source = new LinkedHashSet<>(fs);
    DoneAndNotDone<LoopFuture<String>> r = new DoneAndNotDone<>(source, Set.of());
    source.clear();
    assertThat(r.done()).hasSize(5).isEqualTo(new HashSet<>(fs));
    assertThat(r.done().hashCode()).isEqualTo(new HashSet<>(fs).hashCode());
    assertThat(r.notDone()).isEmpty();
  }

  @Test
  void copies_areUnmodifiable() {
    List<LoopFuture<String>> fs = futures(2);
    DoneAndNotDone<LoopFuture<String>> r = new DoneAndNotDone<>(Set.of(fs.get(0)), Set.of());
    assertThatThrownBy(() -> r.done().add(fs.get(1)))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> r.done().remove(fs.get(0)))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> r.done().iterator().remove())
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(r.done()).containsExactly(fs.get(0));
  }

  @Test
  void aNullSetOrElement_isRejectedByName() {
    LoopFuture<String> f = loop.createFuture();
    Set<LoopFuture<String>> withNull = new HashSet<>(Arrays.asList(f, null));
    assertThatThrownBy(() -> new DoneAndNotDone<>(null, Set.of()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("done");
    assertThatThrownBy(() -> new DoneAndNotDone<>(Set.of(), withNull))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("an element of notDone");
  }

  @Test
  void aWaitsSets_answerContainsFromManyThreadsAtOnce() throws Exception {
    List<LoopFuture<String>> fs = futures(2_000);
    for (int i = 0; i < fs.size(); i += 2) {
      fs.get(i).setResult("done");
    }
    DoneAndNotDone<LoopFuture<String>> r =
        loop.runUntilComplete(LoopFutures.wait(loop, fs, ReturnWhen.FIRST_COMPLETED, null));
    int threads = 4;
    CyclicBarrier start = new CyclicBarrier(threads);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Integer>> found = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        found.add(
            pool.submit(
                () -> {
                  start.await(); // all build or read the index at the same time
                  int members = 0;
                  for (int i = 0; i < fs.size(); i++) {
                    boolean done = r.done().contains(fs.get(i));
                    if (done != (i % 2 == 0) || r.notDone().contains(fs.get(i)) == done) {
                      return -1;
                    }
                    members++;
                  }
                  return members;
                }));
      }
      for (Future<Integer> f : found) {
        assertThat(f.get()).isEqualTo(fs.size());
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
