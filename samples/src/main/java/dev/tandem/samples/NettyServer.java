package dev.tandem.samples;

import dev.tandem.api.BlockingOnLoopException;
import dev.tandem.api.EventLoop;
import dev.tandem.api.ExecutorFuture;
import dev.tandem.api.LoopFuture;
import dev.tandem.loop.LoopFutures;
import dev.tandem.netty.NettyLoops;
import dev.tandem.threads.ExecutorFutures;
import dev.tandem.threads.FutureExecutor;
import dev.tandem.threads.SettableExecutorFuture;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A real Netty HTTP server whose handler uses Tandem's loop on the channel's own event loop.
 *
 * <p>For {@code /report?n=N} the handler, on the Netty thread, fans out to a {@link
 * FutureExecutor} (counting primes below {@code N × 1000}: CPU work) and to a loop timer (a
 * simulated 20 ms cache lookup), gathers the two with {@link LoopFutures#gather} on the loop
 * {@link NettyLoops#host} gives for the channel's executor, maps them to a body with {@link
 * LoopFutures#map}, and writes the response from the done callback, which runs on the same
 * Netty thread. For {@code /blocking} a loop callback tries to block on an executor future that
 * a timer of the same loop completes later, and the deadlock guard refuses: its message is the
 * body of a 500.
 *
 * <p>The JDK's {@code HttpClient} sends the requests concurrently and the sample prints the
 * answers in request order.
 */
public final class NettyServer {
  private NettyServer() {}

  public static void main(String[] args) throws Exception {
    run(System.out);
  }

  /** Runs the sample, printing to {@code out}. */
  public static void run(PrintStream out) throws Exception {
    MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    try (FutureExecutor pool = FutureExecutor.newFixedPool(2, "cpu")) {
      Channel server =
          new ServerBootstrap()
              .group(group)
              .channel(NioServerSocketChannel.class)
              .childHandler(
                  new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                      ch.pipeline()
                          .addLast(new HttpServerCodec())
                          .addLast(new HttpObjectAggregator(64 * 1024))
                          .addLast(new ReportHandler(pool));
                    }
                  })
              .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
              .sync()
              .channel();
      int port = ((InetSocketAddress) server.localAddress()).getPort();
      out.println("server listening on http://127.0.0.1:" + port);

      HttpClient client = HttpClient.newHttpClient();
      List<String> paths = new ArrayList<>();
      for (int n = 1; n <= 5; n++) {
        paths.add("/report?n=" + n);
      }
      paths.add("/blocking");
      List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
      for (String path : paths) {
        URI uri = URI.create("http://127.0.0.1:" + port + path);
        answers.add(
            client.sendAsync(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()));
      }
      for (int i = 0; i < paths.size(); i++) {
        HttpResponse<String> answer = answers.get(i).get(10, TimeUnit.SECONDS);
        out.println(paths.get(i) + " -> HTTP " + answer.statusCode() + ": " + answer.body());
      }
      server.close().sync();
    } finally {
      group.shutdownGracefully(0, 2, TimeUnit.SECONDS).sync();
    }
  }

  /** The handler: everything here runs on the channel's Netty event loop. */
  static final class ReportHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final FutureExecutor pool;

    ReportHandler(FutureExecutor pool) {
      this.pool = pool;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
      QueryStringDecoder uri = new QueryStringDecoder(request.uri());
      if (uri.path().equals("/blocking")) {
        blocking(ctx);
      } else {
        int n = Integer.parseInt(uri.parameters().getOrDefault("n", List.of("1")).get(0));
        report(ctx, n);
      }
    }

    private void report(ChannelHandlerContext ctx, int n) {
      EventLoop loop = NettyLoops.host(ctx.executor()); // the loop of this channel's thread
      ExecutorFuture<Integer> primes = pool.submit(() -> countPrimesBelow(n * 1000));
      LoopFuture<String> cache = loop.createFuture();
      loop.callLater(Duration.ofMillis(20), () -> cache.setResult("cache miss for " + n));
      LoopFuture<List<Object>> both = LoopFutures.gather(loop, List.of(primes, cache));
      LoopFuture<String> body =
          LoopFutures.map(
              both,
              results ->
                  results.get(0)
                      + " primes below "
                      + n * 1000
                      + ", "
                      + results.get(1)
                      + ", combined on the Netty thread: "
                      + loop.inLoopThread());
      body.addDoneCallback(done -> respond(ctx, HttpResponseStatus.OK, done.result()));
    }

    private void blocking(ChannelHandlerContext ctx) {
      EventLoop loop = NettyLoops.host(ctx.executor());
      // A result this very loop delivers later, from a timer: waiting for it on the loop's thread
      // could never end, which is what the deadlock guard is there to refuse.
      SettableExecutorFuture<Integer> later = ExecutorFutures.settable();
      loop.callLater(Duration.ofMillis(100), () -> later.setResult(countPrimesBelow(1000)));
      loop.callSoon(
          () -> {
            try {
              respond(ctx, HttpResponseStatus.OK, "got " + later.result(Duration.ofSeconds(1)));
            } catch (BlockingOnLoopException refused) {
              respond(ctx, HttpResponseStatus.INTERNAL_SERVER_ERROR, refused.getMessage());
            } catch (Exception e) {
              respond(ctx, HttpResponseStatus.INTERNAL_SERVER_ERROR, e.toString());
            }
          });
    }

    private static void respond(ChannelHandlerContext ctx, HttpResponseStatus status, String text) {
      FullHttpResponse response =
          new DefaultFullHttpResponse(
              HttpVersion.HTTP_1_1, status, Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
      response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
      response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
      ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
  }

  /** CPU work: how many primes are below {@code limit}. */
  static int countPrimesBelow(int limit) {
    int count = 0;
    for (int i = 2; i < limit; i++) {
      boolean prime = true;
      for (int d = 2; (long) d * d <= i; d++) {
        if (i % d == 0) {
          prime = false;
          break;
        }
      }
      if (prime) {
        count++;
      }
    }
    return count;
  }
}
