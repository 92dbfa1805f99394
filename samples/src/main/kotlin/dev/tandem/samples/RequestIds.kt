@file:JvmName("RequestIds")

package dev.tandem.samples

import com.sun.net.httpserver.HttpExchange
import com.sun.net.httpserver.HttpServer
import dev.tandem.api.EventLoop
import dev.tandem.api.ExecutorFuture
import dev.tandem.context.MicrometerContext
import dev.tandem.interop.await
import dev.tandem.interop.submitCoroutine
import dev.tandem.loop.EventLoops
import dev.tandem.loop.LoopFutures
import dev.tandem.threads.FutureExecutor
import io.micrometer.context.ContextRegistry
import io.micrometer.context.integration.Slf4jThreadLocalAccessor
import java.io.PrintStream
import java.net.InetAddress
import java.net.InetSocketAddress
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.nio.charset.StandardCharsets
import java.time.Duration
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import kotlinx.coroutines.delay
import org.slf4j.LoggerFactory
import org.slf4j.MDC

/*
 * Request ids in SLF4J's MDC that survive every hop. Three customers' requests are handled at
 * once by coroutines on one event loop; each looks prices up over HTTP in tasks on a thread pool,
 * and lookups are shared between requests. Every log line shows the id of the request it belongs
 * to (Logback's %X{requestId}, see src/main/resources/logback.xml), whether it is printed by the
 * coroutine, by a task or a done callback on the pool, or by a callback on the loop, even when
 * the thread that runs it is working for another request: bob's callback on the lamp lookup,
 * which alice started, runs on the pool thread that fetched the lamp for alice, and says req-2.
 *
 * Nothing in the handling code mentions the id: the loop and the pool are built with a context
 * propagator over Micrometer's context-propagation (tandem-context), which captures the MDC
 * where work is registered and restores it where the work runs.
 */

/** The MDC key of the request id. */
internal const val REQUEST_ID = "requestId"

/** The logger every line of this sample goes to. */
internal const val REQUEST_LOG = "dev.tandem.samples.RequestIds"

private val log = LoggerFactory.getLogger(REQUEST_LOG)

/** Who orders what; the lamp and the book are wanted twice, and looked up once each. */
internal val ORDERS: List<Pair<String, List<String>>> = listOf(
    "alice" to listOf("lamp", "book"),
    "bob" to listOf("lamp", "pen"),
    "carol" to listOf("book", "mug"),
)

fun main() = requestIds(System.out)

/** Runs the sample, printing the receipts to [out]; the log lines go to Logback. */
fun requestIds(out: PrintStream) {
    // An application registers the accessor once, on ContextRegistry.getInstance(), and uses
    // MicrometerContext.propagator(); a registry of its own keeps this sample self-contained.
    val registry = ContextRegistry().registerThreadLocalAccessor(Slf4jThreadLocalAccessor(REQUEST_ID))
    val propagator = MicrometerContext.propagator(registry)

    PriceServer.start().use { server ->
        val background = EventLoops.builder().contextPropagator(propagator).startBackgroundLoop("request-loop")
        try {
            FutureExecutor.newFixedPool(2, "pricing", propagator).use { pool ->
                val prices = PriceLookups(background.loop(), pool, server.baseUri, CountDownLatch(ORDERS.size))
                val receipts = ORDERS.mapIndexed { index, (customer, items) ->
                    MDC.putCloseable(REQUEST_ID, "req-${index + 1}").use {
                        log.info("{}: order accepted (main thread)", customer)
                        // Captures the MDC now: every step of the coroutine runs with it.
                        background.loop().submitCoroutine { handle(customer, items, background.loop(), prices) }
                    }
                }
                receipts.forEach { out.println(it.result(Duration.ofSeconds(10))) }
            }
        } finally {
            background.close()
        }
    }
}

/** One request, on the loop thread: look the prices up, wait for all of them, add them up. */
private suspend fun handle(customer: String, items: List<String>, loop: EventLoop, prices: PriceLookups): String {
    log.info("{}: handling {} (coroutine on the loop)", customer, items)
    val lookups = items.map { item ->
        prices.lookUp(item).also { lookup ->
            // Runs on the pool thread that finishes the lookup, maybe one working for another request.
            lookup.addDoneCallback { log.info("{}: {} costs {} (done callback on the pool)", customer, item, it.result()) }
        }
    }
    val all = LoopFutures.gather(loop, lookups)
    all.addDoneCallback { log.info("{}: all {} prices are in (done callback on the loop)", customer, items.size) }
    prices.orderIn()
    val total = all.await().sum()
    delay(5) // a loop timer; other requests' steps run in between
    loop.callSoon { log.info("{}: receipt printed (callSoon on the loop)", customer) }
    log.info("{}: total {} (coroutine, after await and delay)", customer, total)
    return "$customer: ${items.joinToString(" + ")} = $total"
}

/**
 * Price lookups shared between requests: the first request that wants an item starts the HTTP
 * call on the pool, later ones get the same future. [lookUp] is for the loop thread only.
 *
 * So that this demo always shows the same thing, the lookups wait until every order has added
 * its callbacks ([orderIn]): each callback is then registered before its lookup finishes, and
 * runs on the pool thread that finishes it.
 */
private class PriceLookups(
    private val loop: EventLoop,
    private val pool: FutureExecutor,
    private val baseUri: URI,
    private val ordersIn: CountDownLatch,
) {
    private val client: HttpClient = HttpClient.newHttpClient()
    private val started = HashMap<String, ExecutorFuture<Int>>()

    fun orderIn() = ordersIn.countDown()

    fun lookUp(item: String): ExecutorFuture<Int> {
        check(loop.inLoopThread()) { "lookUp runs on the loop thread" }
        return started.getOrPut(item) {
            pool.submit<Int> {
                check(ordersIn.await(10, TimeUnit.SECONDS)) { "the orders did not all come in" }
                // On a pool thread, in the context of the request that started the lookup.
                log.info("fetching the price of {} (task on the pool)", item)
                val request = HttpRequest.newBuilder(baseUri.resolve("/price/$item"))
                    .header("X-Request-Id", MDC.get(REQUEST_ID))
                    .build()
                client.send(request, HttpResponse.BodyHandlers.ofString()).body().toInt()
            }
        }
    }
}

/**
 * The backend: an embedded HTTP server on a free loopback port that knows four prices. It reads
 * the caller's request id from a header and logs with it, as a real service would.
 */
private class PriceServer private constructor(private val http: HttpServer) : AutoCloseable {
    val baseUri: URI = URI.create("http://${http.address.hostString}:${http.address.port}")

    override fun close() = http.stop(0)

    companion object {
        private val PRICES = mapOf("lamp" to 12, "book" to 9, "pen" to 2, "mug" to 5)

        fun start(): PriceServer {
            val http = HttpServer.create(InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0)
            http.createContext("/price/") { exchange -> answer(exchange) }
            http.start()
            return PriceServer(http)
        }

        private fun answer(exchange: HttpExchange) {
            val item = exchange.requestURI.path.substringAfterLast('/')
            MDC.putCloseable(REQUEST_ID, exchange.requestHeaders.getFirst("X-Request-Id")).use {
                log.info("backend: price of {} asked (server thread)", item)
            }
            val body = PRICES.getValue(item).toString().toByteArray(StandardCharsets.UTF_8)
            exchange.use {
                it.sendResponseHeaders(200, body.size.toLong())
                it.responseBody.use { response -> response.write(body) }
            }
        }
    }
}
