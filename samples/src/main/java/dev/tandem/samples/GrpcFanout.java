package dev.tandem.samples;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import dev.tandem.api.CancelledException;
import dev.tandem.api.DoneAndNotDone;
import dev.tandem.api.EventLoop;
import dev.tandem.api.ExecutorFuture;
import dev.tandem.api.Failures;
import dev.tandem.api.LoopFuture;
import dev.tandem.api.ReturnWhen;
import dev.tandem.loop.EventLoops;
import dev.tandem.loop.LoopFutures;
import dev.tandem.threads.ExecutorFutures;
import dev.tandem.threads.SettableExecutorFuture;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * gRPC fan-out: a real gRPC-java server and client in one process, over the in-process transport
 * and over a loopback socket (Netty). The client's future stub ({@link
 * ClientCalls#futureUnaryCall}) returns Guava {@code ListenableFuture}s; Tandem adapts each to an
 * executor future ({@link ExecutorFutures#from}) and that to a loop future ({@link
 * LoopFutures#adopt}), waits on the loop for all of them with a deadline, cancels the stragglers
 * with a message, and gathers the results on the loop. The server sees each cancellation through
 * gRPC's {@link Context}.
 *
 * <p>The service is declared without code generation: one unary method whose request and
 * response are UTF-8 strings, so the build needs no {@code protoc}. Items named {@code fast-…}
 * are answered at once, {@code missing-…} fail with {@code NOT_FOUND}, and {@code slow-…} are
 * never answered: the server only waits for the call's cancellation.
 */
public final class GrpcFanout {
  /** How long the client waits for the fan-out before it cancels the rest. */
  static final Duration PATIENCE = Duration.ofMillis(1000);

  /** The items asked for, in order: 8 answered, 1 not found, 3 never answered. */
  static final List<String> ITEMS =
      List.of(
          "fast-1", "fast-2", "fast-3", "slow-4", "fast-5", "missing-6",
          "fast-7", "slow-8", "fast-9", "fast-10", "fast-11", "slow-12");

  /** UTF-8 strings on the wire: all the marshalling this service needs. */
  static final MethodDescriptor.Marshaller<String> UTF8 =
      new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(String value) {
          return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String parse(InputStream stream) {
          try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      };

  /** {@code tandem.Inventory/Lookup}: item name in, price line out. */
  static final MethodDescriptor<String, String> LOOKUP =
      MethodDescriptor.<String, String>newBuilder(UTF8, UTF8)
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName(MethodDescriptor.generateFullMethodName("tandem.Inventory", "Lookup"))
          .build();

  /** What one fan-out over one transport ended with. */
  record Report(
      String transport,
      List<String> ok,
      List<String> failed,
      Map<String, String> cancelledByClient,
      Map<String, String> seenByServer,
      int pending) {}

  /** The two transports the sample runs over. */
  enum Transport {
    IN_PROCESS("in-process"),
    LOOPBACK_SOCKET("loopback socket");

    final String label;

    Transport(String label) {
      this.label = label;
    }
  }

  private GrpcFanout() {}

  public static void main(String[] args) throws Exception {
    run(System.out);
  }

  /** Runs the fan-out over both transports, printing to {@code out}. */
  public static void run(PrintStream out) throws Exception {
    for (Transport transport : Transport.values()) {
      fanOut(transport, out);
    }
  }

  /** One fan-out: starts a server and a channel on {@code transport}, and stops both. */
  static Report fanOut(Transport transport, PrintStream out) throws Exception {
    InventoryServer inventory = new InventoryServer();
    Server server;
    ManagedChannel channel;
    if (transport == Transport.IN_PROCESS) {
      String name = InProcessServerBuilder.generateName();
      server = InProcessServerBuilder.forName(name).addService(inventory.definition()).build().start();
      channel = InProcessChannelBuilder.forName(name).build();
      out.printf("[%s] server %s%n", transport.label, name);
    } else {
      // Loopback only, port 0: the OS picks a free port.
      server =
          NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
              .addService(inventory.definition())
              .build()
              .start();
      channel =
          NettyChannelBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getPort()))
              .usePlaintext()
              .build();
      out.printf("[%s] server on 127.0.0.1:%d%n", transport.label, server.getPort());
    }
    try {
      return fanOut(transport.label, channel, inventory, out);
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private static Report fanOut(String label, Channel channel, InventoryServer inventory, PrintStream out)
      throws Exception {
    // Connect first, outside the deadline: the deadline is for the fan-out, not for the handshake.
    // This thread is no loop thread, so a blocking wait is allowed here.
    call(channel, "fast-0").result(Duration.ofSeconds(10));

    try (EventLoop loop = EventLoops.newEventLoop()) {
      // Fan out: each ListenableFuture adapted to an executor future, and that adopted by the loop.
      Map<String, ExecutorFuture<String>> calls = new LinkedHashMap<>();
      Map<String, LoopFuture<String>> onLoop = new LinkedHashMap<>();
      for (String item : ITEMS) {
        ExecutorFuture<String> reply = call(channel, item);
        calls.put(item, reply);
        onLoop.put(item, LoopFutures.adopt(loop, reply));
      }

      // Wait on the loop for all of them, at most PATIENCE; nothing is cancelled by the wait itself.
      DoneAndNotDone<LoopFuture<String>> split =
          loop.runUntilComplete(LoopFutures.wait(loop, onLoop.values(), ReturnWhen.ALL_COMPLETED, PATIENCE));
      String message = "gave up after " + PATIENCE.toMillis() + " ms";
      List<String> stragglers = new ArrayList<>();
      onLoop.forEach((item, future) -> {
        if (split.notDone().contains(future)) {
          stragglers.add(item);
          future.cancel(message); // the view cancels the executor future, which cancels the call
        }
      });

      // Gather everything on the loop, failures and cancellations in their places.
      List<Object> outcomes =
          loop.runUntilComplete(LoopFutures.gather(loop, List.copyOf(onLoop.values()), true));
      List<String> ok = new ArrayList<>();
      List<String> failed = new ArrayList<>();
      Map<String, String> cancelled = new LinkedHashMap<>();
      for (int i = 0; i < ITEMS.size(); i++) {
        String item = ITEMS.get(i);
        Object outcome = outcomes.get(i);
        if (outcome instanceof CancelledException c) {
          cancelled.put(item, c.getMessage());
          out.printf("[%s] %s: cancelled (%s)%n", label, item, c.getMessage());
        } else if (outcome instanceof Throwable t) {
          failed.add(item);
          out.printf("[%s] %s: failed: %s%n", label, item, t.getMessage());
        } else {
          ok.add(item);
          out.printf("[%s] %s: %s%n", label, item, outcome);
        }
      }

      // The server saw each cancellation through the call's gRPC Context; wait for that on the loop too.
      List<ExecutorFuture<String>> seen = stragglers.stream().map(inventory::cancellationSeen).toList();
      List<String> causes =
          loop.runUntilComplete(LoopFutures.waitFor(loop, LoopFutures.gather(loop, seen), Duration.ofSeconds(5)));
      Map<String, String> seenByServer = new LinkedHashMap<>();
      for (int i = 0; i < stragglers.size(); i++) {
        seenByServer.put(stragglers.get(i), causes.get(i));
        out.printf("[%s] server saw %s cancelled: %s%n", label, stragglers.get(i), causes.get(i));
      }

      long pending = calls.values().stream().filter(f -> !f.isDone()).count()
          + onLoop.values().stream().filter(f -> !f.isDone()).count();
      out.printf("[%s] summary: %d ok, %d failed, %d cancelled (of %d); the server saw %d cancellations; %d pending%n",
          label, ok.size(), failed.size(), cancelled.size(), ITEMS.size(), seenByServer.size(), pending);
      return new Report(label, ok, failed, cancelled, seenByServer, (int) pending);
    }
  }

  /**
   * One call through the future stub, as an executor future. Tandem's adapter cancels a {@code
   * ListenableFuture} with {@code cancel(false)}, and gRPC's future cancels its call only on
   * {@code cancel(true)}; so a done callback cancels the call itself, with Tandem's message.
   */
  static ExecutorFuture<String> call(Channel channel, String item) {
    ClientCall<String, String> call =
        channel.newCall(LOOKUP, CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS)); // a safety net
    ListenableFuture<String> reply = ClientCalls.futureUnaryCall(call, item);
    ExecutorFuture<String> future = ExecutorFutures.from(reply);
    future.addDoneCallback(done -> {
      if (done.isCancelled()) {
        call.cancel(Objects.requireNonNullElse(Failures.cancelMessage(done), "cancelled"), null);
      }
    });
    return future;
  }

  /** The server: answers, refuses, or waits for the client to cancel, and records what it saw. */
  static final class InventoryServer {
    private final Map<String, SettableExecutorFuture<String>> cancellations = new ConcurrentHashMap<>();

    ServerServiceDefinition definition() {
      return ServerServiceDefinition.builder("tandem.Inventory")
          .addMethod(LOOKUP, ServerCalls.asyncUnaryCall(this::lookup))
          .build();
    }

    private void lookup(String item, StreamObserver<String> reply) {
      if (item.startsWith("slow-")) {
        // Never answered. The call's Context is cancelled when the client cancels (or its
        // deadline passes); the listener runs then, at once if it already happened.
        Context call = Context.current();
        call.addListener(
            context -> cancellations(item).setResult(
                "isCancelled=" + context.isCancelled() + ", cause=" + Status.fromThrowable(context.cancellationCause()).getCode()),
            MoreExecutors.directExecutor());
        return;
      }
      if (item.startsWith("missing-")) {
        reply.onError(Status.NOT_FOUND.withDescription("no such item: " + item).asRuntimeException());
        return;
      }
      reply.onNext(item + " costs " + item.length() + " coins");
      reply.onCompleted();
    }

    /** Completed by the server when it sees {@code item}'s call cancelled. */
    ExecutorFuture<String> cancellationSeen(String item) {
      return cancellations(item);
    }

    private SettableExecutorFuture<String> cancellations(String item) {
      return cancellations.computeIfAbsent(item, i -> ExecutorFutures.settable());
    }
  }
}
