package io.certflow.issuer.acme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.certflow.issuer.acme.DirectoryFetch.Failure;
import io.certflow.issuer.acme.DirectoryFetch.FetchFailed;
import io.certflow.it.support.LoopbackHttpsServer;

/** Against real sockets on 127.0.0.1 that answer well, too much, too slowly or not at all. */
class DirectoryFetchTest {

    private static final int LIMIT = 64 * 1024;

    private final ScheduledThreadPoolExecutor deadlines = new ScheduledThreadPoolExecutor(1);
    private final List<AutoCloseable> servers = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable server : servers) {
            server.close();
        }
        deadlines.shutdownNow();
    }

    @Test
    void aTrustedServersDirectoryIsRead() throws Exception {
        LoopbackHttpsServer ca = https().serveDirectory("/dir", null);

        DirectoryFetch.Answer answer = fetch(Duration.ofSeconds(5), Duration.ofSeconds(5)).get(URI.create(ca.url("/dir")),
                TrustAnchors.sslContext(ca.trustAnchorPem()));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.contentType()).isEqualTo("application/json");
        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).contains("\"newOrder\"");
    }

    @Test
    void aServerWhoseCertificateIsNotTrustedIsUntrusted() {
        LoopbackHttpsServer ca = https().serveDirectory("/dir", null);

        assertFailure(() -> fetch(Duration.ofSeconds(5), Duration.ofSeconds(5)).get(URI.create(ca.url("/dir")), SSLContext.getDefault()),
                Failure.UNTRUSTED);
    }

    @Test
    void aClosedPortIsRefused() throws Exception {
        String url = "https://127.0.0.1:" + closedPort() + "/dir";

        assertFailure(() -> fetch(Duration.ofSeconds(5), Duration.ofSeconds(5)).get(URI.create(url), SSLContext.getDefault()),
                Failure.REFUSED);
    }

    @Test
    void aServerThatNeverStartsTheHandshakeIsGivenUpAtTheTotalBound() throws Exception {
        LoopbackHttpsServer.Silent silent = new LoopbackHttpsServer.Silent();
        servers.add(silent);
        DirectoryFetch fetch = fetch(Duration.ofSeconds(30), Duration.ofSeconds(1));

        long start = System.nanoTime();
        assertFailure(() -> fetch.get(URI.create(silent.url("https", "/dir")), SSLContext.getDefault()), Failure.TIMED_OUT);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));
    }

    @Test
    void aBodyDrippedFastEnoughForEachReadIsStillGivenUpAtTheTotalBound() throws Exception {
        RawServer drip = raw(out -> {
            out.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 60000\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 1000; i++) {
                out.write(' ');
                out.flush();
                Thread.sleep(100);
            }
        });
        DirectoryFetch fetch = fetch(Duration.ofSeconds(1), Duration.ofMillis(1500));

        long start = System.nanoTime();
        assertFailure(() -> fetch.get(URI.create(drip.url()), SSLContext.getDefault()), Failure.TIMED_OUT);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(3000));
    }

    @Test
    void anEndlessBodyIsRefusedAtTheSizeLimit() throws Exception {
        RawServer endless = raw(out -> {
            out.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = ("4000\r\n" + "x".repeat(0x4000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 100_000; i++) {
                out.write(chunk);
            }
        });

        assertFailure(() -> fetch(Duration.ofSeconds(5), Duration.ofSeconds(5)).get(URI.create(endless.url()), SSLContext.getDefault()),
                Failure.TOO_LARGE);
    }

    @Test
    void aDeclaredLengthOverTheLimitIsRefusedBeforeReading() throws Exception {
        RawServer big = raw(out -> out.write("HTTP/1.1 200 OK\r\nContent-Length: 1000000000\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));

        assertFailure(() -> fetch(Duration.ofSeconds(5), Duration.ofSeconds(5)).get(URI.create(big.url()), SSLContext.getDefault()),
                Failure.TOO_LARGE);
    }

    @Test
    void aRedirectIsReportedNotFollowed() throws Exception {
        LoopbackHttpsServer ca = https().redirect("/dir", "https://127.0.0.1:1/elsewhere");

        DirectoryFetch.Answer answer = fetch(Duration.ofSeconds(5), Duration.ofSeconds(5)).get(URI.create(ca.url("/dir")),
                TrustAnchors.sslContext(ca.trustAnchorPem()));

        assertThat(answer.status()).isEqualTo(302);
        assertThat(answer.body()).isEmpty();
    }

    @Test
    void manyFetchesThatFailLeaveNoThreadBehind() throws Exception {
        LoopbackHttpsServer ca = https().serve("/array", 200, "application/json", "[1]".getBytes(StandardCharsets.UTF_8));
        LoopbackHttpsServer.Silent silent = new LoopbackHttpsServer.Silent();
        servers.add(silent);
        DirectoryFetch fetch = fetch(Duration.ofSeconds(5), Duration.ofMillis(200));
        SSLContext trusting = TrustAnchors.sslContext(ca.trustAnchorPem());
        List<URI> urls = List.of(URI.create(ca.url("/array")), URI.create("https://127.0.0.1:" + closedPort() + "/dir"),
                URI.create(silent.url("https", "/dir")));
        fetchAll(fetch, urls, trusting);
        int before = ManagementFactory.getThreadMXBean().getThreadCount();

        for (int i = 0; i < 10; i++) {
            fetchAll(fetch, urls, trusting);
        }

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(ManagementFactory.getThreadMXBean().getThreadCount()).isLessThanOrEqualTo(before + 2));
    }

    private static void fetchAll(DirectoryFetch fetch, List<URI> urls, SSLContext tls) {
        for (URI url : urls) {
            try {
                fetch.get(url, tls);
            } catch (FetchFailed expected) {
                // refused, timed out: all that counts is what is left running
            }
        }
    }

    private DirectoryFetch fetch(Duration step, Duration total) {
        return new DirectoryFetch(deadlines, step, total, LIMIT);
    }

    private LoopbackHttpsServer https() {
        LoopbackHttpsServer server = new LoopbackHttpsServer();
        servers.add(server);
        return server;
    }

    private static void assertFailure(ThrowingFetch fetch, Failure expected) {
        assertThatThrownBy(fetch::run).isInstanceOfSatisfying(FetchFailed.class, e -> assertThat(e.failure()).isEqualTo(expected));
    }

    @FunctionalInterface
    private interface ThrowingFetch {
        Object run() throws Exception;
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private RawServer raw(Answer answer) throws IOException {
        RawServer server = new RawServer(answer);
        servers.add(server);
        return server;
    }

    @FunctionalInterface
    private interface Answer {
        void write(OutputStream out) throws Exception;
    }

    /** Plain HTTP written by hand, so that it can be as slow or as long as a test needs. */
    private static final class RawServer implements AutoCloseable {

        private final ServerSocket socket = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());

        RawServer(Answer answer) throws IOException {
            Thread thread = new Thread(() -> {
                while (!socket.isClosed()) {
                    try (Socket connection = socket.accept()) {
                        connection.getInputStream().read(new byte[4096]);
                        answer.write(connection.getOutputStream());
                    } catch (Exception e) {
                        // the client hung up: wait for the next one
                    }
                }
            }, "raw-http-server");
            thread.setDaemon(true);
            thread.start();
        }

        String url() {
            return "http://127.0.0.1:" + socket.getLocalPort() + "/dir";
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
