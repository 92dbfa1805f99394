package dev.tandem.benchmarks;

import com.google.common.util.concurrent.MoreExecutors;
import com.google.common.util.concurrent.SettableFuture;
import com.google.gson.GsonBuilder;
import dev.tandem.api.AsyncFuture;
import dev.tandem.api.EventLoop;
import dev.tandem.api.LoopFuture;
import dev.tandem.threads.ExecutorFutures;
import dev.tandem.threads.SettableExecutorFuture;
import io.netty.channel.DefaultEventLoop;
import io.netty.util.concurrent.DefaultPromise;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GenericFutureListener;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import kotlin.Unit;
import kotlin.jvm.functions.Function1;
import kotlinx.coroutines.CompletableDeferred;
import kotlinx.coroutines.CompletableDeferredKt;
import kotlinx.coroutines.Job;
import org.jspecify.annotations.Nullable;
import org.openjdk.jol.info.GraphLayout;
import org.openjdk.jol.vm.VM;

/**
 * Family 6, second half: bytes retained by one pending future with one callback.
 *
 * <p>For each competitor it makes {@code count} pending futures, each with the same callback
 * object registered once, and measures with JOL the object graph reachable from them, less the
 * graph of what they share (the callback, the executor or loop) and less the array holding them;
 * the rest divided by {@code count} is what one future with its callback registration costs. The
 * callback itself is not counted, the per-registration node (a {@code CompletableFuture}'s
 * dependent, a Guava listener entry, a kotlinx handler node) is.
 *
 * <p>Run as {@code java -cp benchmarks.jar dev.tandem.benchmarks.RetainedSize OUT.json [COUNT]}.
 */
public final class RetainedSize {
  private RetainedSize() {}

  /** One competitor's measurement. */
  public record Result(String competitor, String what, double bytesPerFuture) {}

  public static void main(String[] args) throws IOException {
    if (args.length < 1) {
      System.err.println("usage: RetainedSize OUT.json [COUNT]");
      System.exit(2);
    }
    int count = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
    List<Result> results = measure(count);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("count", count);
    json.put("vm", System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"));
    json.put("layout", VM.current().details().split("\n")[0]);
    json.put("results", results);
    Files.writeString(
        Path.of(args[0]),
        new GsonBuilder().setPrettyPrinting().create().toJson(json),
        StandardCharsets.UTF_8);
    for (Result r : results) {
      System.out.printf("%-16s %8.1f B  %s%n", r.competitor(), r.bytesPerFuture(), r.what());
    }
  }

  /** Measures every competitor over {@code count} futures each. */
  public static List<Result> measure(int count) {
    List<Result> results = new ArrayList<>();
    results.add(tandem(count));
    results.add(tandemSettable(count));
    results.add(nettyImmediate(count));
    results.add(nettyLoop(count));
    results.add(cf(count));
    results.add(guava(count));
    results.add(kotlinx(count));
    return results;
  }

  private static double perFuture(Object[] futures, Object... shared) {
    GraphLayout all = GraphLayout.parseInstance((Object) futures);
    GraphLayout common = GraphLayout.parseInstance(shared);
    long bytes = all.subtract(common).totalSize() - VM.current().sizeOf(futures);
    return (double) bytes / futures.length;
  }

  static Result tandem(int count) {
    EventLoop loop = Tandem.newLoop();
    try {
      Consumer<AsyncFuture<Object>> callback = f -> {};
      Object[] futures = new Object[count];
      for (int i = 0; i < count; i++) {
        LoopFuture<Object> f = loop.createFuture();
        f.addDoneCallback(callback);
        futures[i] = f;
      }
      return new Result(
          "tandem", "LoopFuture + addDoneCallback", perFuture(futures, callback, loop));
    } finally {
      loop.close();
    }
  }

  static Result tandemSettable(int count) {
    Consumer<AsyncFuture<Object>> callback = f -> {};
    Object[] futures = new Object[count];
    for (int i = 0; i < count; i++) {
      SettableExecutorFuture<Object> f = ExecutorFutures.settable();
      f.addDoneCallback(callback);
      futures[i] = f;
    }
    return new Result(
        "tandemSettable",
        "SettableExecutorFuture + addDoneCallback",
        perFuture(futures, callback));
  }

  static Result nettyImmediate(int count) {
    GenericFutureListener<Future<Object>> listener = f -> {};
    Object[] futures = new Object[count];
    for (int i = 0; i < count; i++) {
      DefaultPromise<Object> p = new DefaultPromise<>(ImmediateEventExecutor.INSTANCE);
      p.addListener(listener);
      futures[i] = p;
    }
    return new Result(
        "nettyImmediate",
        "DefaultPromise(ImmediateEventExecutor) + addListener",
        perFuture(futures, listener, ImmediateEventExecutor.INSTANCE));
  }

  static Result nettyLoop(int count) {
    DefaultEventLoop loop = new DefaultEventLoop();
    try {
      GenericFutureListener<Future<Object>> listener = f -> {};
      Object[] futures = new Object[count];
      for (int i = 0; i < count; i++) {
        DefaultPromise<Object> p = new DefaultPromise<>(loop);
        p.addListener(listener);
        futures[i] = p;
      }
      return new Result(
          "nettyLoop", "DefaultPromise(DefaultEventLoop) + addListener",
          perFuture(futures, listener, loop));
    } finally {
      Batches.shutdown(loop);
    }
  }

  static Result cf(int count) {
    BiConsumer<Object, @Nullable Throwable> callback = (v, t) -> {};
    Object[] futures = new Object[count];
    for (int i = 0; i < count; i++) {
      CompletableFuture<Object> f = new CompletableFuture<>();
      f.whenComplete(callback);
      futures[i] = f;
    }
    return new Result("cf", "CompletableFuture + whenComplete", perFuture(futures, callback));
  }

  static Result guava(int count) {
    Runnable listener = () -> {};
    Object[] futures = new Object[count];
    for (int i = 0; i < count; i++) {
      SettableFuture<Object> f = SettableFuture.create();
      f.addListener(listener, MoreExecutors.directExecutor());
      futures[i] = f;
    }
    return new Result(
        "guava",
        "SettableFuture + addListener(directExecutor)",
        perFuture(futures, listener, MoreExecutors.directExecutor()));
  }

  static Result kotlinx(int count) {
    Function1<@Nullable Throwable, Unit> handler = t -> Unit.INSTANCE;
    Object[] futures = new Object[count];
    for (int i = 0; i < count; i++) {
      CompletableDeferred<Object> d = CompletableDeferredKt.CompletableDeferred((Job) null);
      d.invokeOnCompletion(handler);
      futures[i] = d;
    }
    return new Result(
        "kotlinx", "CompletableDeferred + invokeOnCompletion", perFuture(futures, handler));
  }
}
