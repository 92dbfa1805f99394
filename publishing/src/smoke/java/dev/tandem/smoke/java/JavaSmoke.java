package dev.tandem.smoke.java;

import dev.tandem.api.EventLoop;
import dev.tandem.api.ExecutorFuture;
import dev.tandem.api.LoopFuture;
import dev.tandem.context.MicrometerContext;
import dev.tandem.loop.EventLoops;
import dev.tandem.loop.LoopFutures;
import dev.tandem.loop.LoopOperations;
import dev.tandem.micrometer.LoopMetrics;
import dev.tandem.netty.NettyLoops;
import dev.tandem.reactor.TandemMonos;
import dev.tandem.swing.SwingLoops;
import dev.tandem.threads.FutureExecutor;
import io.micrometer.context.ContextRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.util.concurrent.DefaultEventExecutor;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.swing.SwingUtilities;

/**
 * One call into each published Java module, run with every jar on the module path; prints what
 * each computed and which named modules the program ran in.
 */
public final class JavaSmoke {
  private JavaSmoke() {}

  public static void main(String[] args) throws Exception {
    try (FutureExecutor pool = FutureExecutor.newFixedPool(1)) {
      EventLoop loop = EventLoops.newEventLoop();
      ExecutorFuture<Integer> answer = pool.submit(() -> 6 * 7);
      LoopFuture<String> greeting = loop.createFuture();
      loop.callSoon(() -> greeting.setResult("hello"));
      System.out.println("gather " + loop.runUntilComplete(LoopFutures.gather(loop, List.of(greeting, answer))));
      System.out.println("mono " + TandemMonos.asMono(answer).block(Duration.ofSeconds(5)));

      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      new LoopMetrics(loop, "smoke").bindTo(registry);
      System.out.println("metrics " + registry.get("tandem.loop.callbacks").functionCounter().count());
      LoopOperations.shutdownGracefully(loop, Duration.ofSeconds(5));
    }

    ContextRegistry registry = new ContextRegistry();
    ThreadLocal<String> requestId = new ThreadLocal<>();
    registry.registerThreadLocalAccessor("requestId", requestId::get, requestId::set, requestId::remove);
    EventLoop withContext = EventLoops.builder().contextPropagator(MicrometerContext.propagator(registry)).build();
    LoopFuture<String> seen = withContext.createFuture();
    requestId.set("r-1");
    withContext.callSoon(() -> seen.setResult(String.valueOf(requestId.get())));
    requestId.remove();
    System.out.println("context " + withContext.runUntilComplete(seen));
    LoopOperations.shutdownGracefully(withContext, Duration.ofSeconds(5));

    DefaultEventExecutor netty = new DefaultEventExecutor();
    CompletableFuture<Boolean> onNettyLoop = new CompletableFuture<>();
    EventLoop hosted = NettyLoops.host(netty);
    hosted.callSoonThreadsafe(() -> onNettyLoop.complete(hosted.inLoopThread() && netty.inEventLoop()));
    System.out.println("netty " + onNettyLoop.get(5, TimeUnit.SECONDS));
    netty.shutdownGracefully(0, 0, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);

    CompletableFuture<Boolean> onEdt = new CompletableFuture<>();
    EventLoop edt = SwingLoops.edt();
    edt.callSoonThreadsafe(() -> onEdt.complete(SwingUtilities.isEventDispatchThread()));
    System.out.println("swing " + onEdt.get(5, TimeUnit.SECONDS));

    System.out.println("modules " + ModuleLayer.boot().modules().stream()
        .map(Module::getName)
        .filter(name -> name.startsWith("dev.tandem") || name.startsWith("kotlin") || name.equals("org.jspecify"))
        .sorted()
        .collect(Collectors.joining(", ", "[", "]")));
  }
}
