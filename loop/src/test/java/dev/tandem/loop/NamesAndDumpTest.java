package dev.tandem.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.api.EventLoop;
import dev.tandem.api.LoopFuture;
import dev.tandem.api.WrongThreadException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Future names ({@link LoopOperations#named}) and the pending-futures dump. */
@Timeout(30)
final class NamesAndDumpTest {
  private final List<Runnable> neverRun = new ArrayList<>();

  @Test
  void aName_showsInToString_pendingAndDone() {
    EventLoop loop = EventLoops.newEventLoop();
    try {
      LoopFuture<String> f = LoopOperations.named(loop.createFuture(), "load-user");
      f.addDoneCallback(done -> {});
      assertThat(f.toString()).matches("LoopFuture@[0-9a-f]+\\[status=PENDING, name=load-user\\]");
      assertThat(LoopOperations.nameOf(f)).isEqualTo("load-user");
      f.setResult("ada");
      assertThat(f.toString())
          .matches("LoopFuture@[0-9a-f]+\\[status=SUCCESS, result=\\[java.lang.String\\], name=load-user\\]");
      LoopFuture<String> plain = loop.createFuture();
      assertThat(LoopOperations.nameOf(plain)).isNull();
      assertThat(plain.toString()).matches("LoopFuture@[0-9a-f]+\\[status=PENDING\\]");
    } finally {
      loop.close();
    }
  }

  @Test
  void naming_keepsTheCallbacksAlreadyRegistered() {
    EventLoop loop = EventLoops.newEventLoop();
    try {
      LoopFuture<String> f = loop.createFuture();
      List<String> ran = new ArrayList<>();
      f.addDoneCallback(done -> ran.add("first"));
      LoopOperations.named(f, "renamed-later");
      f.addDoneCallback(done -> ran.add("second"));
      loop.callSoon(() -> f.setResult("x"));
      TestLoops.runUntilIdle(loop);
      assertThat(ran).containsExactly("first", "second");
    } finally {
      loop.close();
    }
  }

  @Test
  void inNormalMode_theDumpListsTheOwnedPendingFutures() {
    EventLoop loop = EventLoops.newEventLoop();
    try {
      LoopFuture<String> owned = LoopOperations.named(loop.runInExecutor(neverRun::add, () -> "x"), "io");
      loop.createFuture(); // not owned: not listed in normal mode
      assertThat(LoopOperations.pendingFutures(loop))
          .singleElement()
          .satisfies(
              p -> {
                assertThat(p.future()).isSameAs(owned);
                assertThat(p.name()).isEqualTo("io");
                assertThat(p.creationSite()).isNull();
              });
    } finally {
      loop.close();
    }
  }

  @Test
  void inDebugMode_theDumpListsEveryPendingFuture_withCreationSites_inCreationOrder() {
    EventLoop loop = EventLoops.builder().debug(true).build();
    try {
      LoopFuture<String> a = LoopOperations.named(loop.createFuture(), "a");
      LoopFuture<String> done = loop.createFuture();
      done.setResult("finished");
      LoopFuture<String> b = loop.createFuture();
      List<PendingFuture> dump = LoopOperations.pendingFutures(loop);
      assertThat(dump).extracting(PendingFuture::future).containsExactly(a, b);
      assertThat(dump.get(0).creationSite().getStackTrace())
          .anySatisfy(
              e ->
                  assertThat(e.getMethodName())
                      .isEqualTo("inDebugMode_theDumpListsEveryPendingFuture_withCreationSites_inCreationOrder"));
      assertThat(dump.get(0).toString()).contains("name=a").contains("created at").contains("NamesAndDumpTest");
    } finally {
      loop.close();
    }
  }

  @Test
  void theDump_andNaming_fromAnotherThreadWhileTheLoopRuns_failFast() throws Exception {
    try (BackgroundLoop background = EventLoops.startBackgroundLoop("dump-bg")) {
      assertThatThrownBy(() -> LoopOperations.pendingFutures(background.loop()))
          .isInstanceOf(WrongThreadException.class);
      CompletableFuture<LoopFuture<String>> made = new CompletableFuture<>();
      background.loop().execute(() -> made.complete(background.loop().createFuture()));
      LoopFuture<String> f = made.get(10, TimeUnit.SECONDS);
      assertThatThrownBy(() -> LoopOperations.named(f, "x")).isInstanceOf(WrongThreadException.class);
      CompletableFuture<Integer> onLoop = new CompletableFuture<>();
      background.loop().execute(() -> onLoop.complete(LoopOperations.pendingFutures(background.loop()).size()));
      assertThat(onLoop.get(10, TimeUnit.SECONDS)).isZero();
    } catch (ExecutionException e) {
      throw e;
    }
  }
}
