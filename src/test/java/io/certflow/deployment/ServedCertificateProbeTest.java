package io.certflow.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.certflow.deployment.SniTlsServer.Identity;

/** Real TLS handshakes with servers on loopback ports that present, or withhold, what each test needs. */
class ServedCertificateProbeTest {

    private static final String LOOPBACK = "127.0.0.1";
    private static final Duration TIMEOUT = Duration.ofSeconds(1);

    private final ServedCertificateProbe probe = new ServedCertificateProbe();
    private final Identity old = Identity.selfSigned("old.example", BigInteger.valueOf(1001));
    private final Identity renewed = Identity.selfSigned("renewed.example", BigInteger.valueOf(1002));
    private final List<AutoCloseable> servers = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopServers() throws Exception {
        for (AutoCloseable server : servers) {
            server.close();
        }
    }

    private SniTlsServer server(Identity fallback, boolean onlyKnownNames) {
        SniTlsServer server = new SniTlsServer(fallback, onlyKnownNames);
        servers.add(server);
        return server;
    }

    @Test
    void theProbeReturnsTheCertificateTheServerPresentsAndClosesTheConnection() throws Exception {
        SniTlsServer server = server(renewed, false);

        X509Certificate served = probe.served(new VerifyEndpoint(LOOPBACK, server.port(), null), TIMEOUT);

        assertThat(served).isEqualTo(renewed.certificate());
        assertThat(ServedCertificateProbe.serves(served, renewed.certificate())).isTrue();
        assertThat(ServedCertificateProbe.serves(served, old.certificate())).isFalse();
        await().atMost(Duration.ofSeconds(5)).until(() -> server.closedByClient() == 1);
    }

    @Test
    void theServerNameChoosesTheCertificateTheProbeSees() throws Exception {
        // Several names on one host and port: a client that kept the session of the last handshake there
        // would send that session's name again, and see a.example's certificate when asking for b.example.
        Identity a = Identity.selfSigned("a.example", BigInteger.valueOf(11));
        Identity b = Identity.selfSigned("b.example", BigInteger.valueOf(12));
        SniTlsServer server = server(old, false).serve("a.example", a).serve("b.example", b);

        assertThat(probe.served(new VerifyEndpoint(LOOPBACK, server.port(), "a.example"), TIMEOUT)).isEqualTo(a.certificate());
        assertThat(probe.served(new VerifyEndpoint(LOOPBACK, server.port(), "b.example"), TIMEOUT)).isEqualTo(b.certificate());
        assertThat(probe.served(new VerifyEndpoint(LOOPBACK, server.port(), null), TIMEOUT))
                .as("an IP address is no server name: the server's default").isEqualTo(old.certificate());
    }

    @Test
    void withoutAServerNameTheHostIsAskedFor() throws Exception {
        SniTlsServer server = server(old, false).serve("localhost", renewed);

        assertThat(probe.served(new VerifyEndpoint("localhost", server.port(), null), TIMEOUT)).isEqualTo(renewed.certificate());
    }

    @Test
    void aProbeAfterTheServerChangedItsCertificateSeesTheNewOne() throws Exception {
        SniTlsServer server = server(old, false).serve("www.example", old);
        VerifyEndpoint endpoint = new VerifyEndpoint(LOOPBACK, server.port(), "www.example");
        assertThat(probe.served(endpoint, TIMEOUT)).isEqualTo(old.certificate());

        server.serve("www.example", renewed);

        assertThat(probe.served(endpoint, TIMEOUT)).isEqualTo(renewed.certificate());
    }

    @Test
    void aCertificateWithTheSameSerialFromAnotherKeyOrIssuerIsNotTheOneDeployed() {
        Identity sameSerial = Identity.selfSigned("renewed.example", renewed.certificate().getSerialNumber());

        assertThat(ServedCertificateProbe.serves(sameSerial.certificate(), renewed.certificate())).isFalse();
        assertThat(ServedCertificateProbe.serves(renewed.certificate(), renewed.certificate())).isTrue();
        assertThat(ServedCertificateProbe.serves(null, renewed.certificate())).isFalse();
    }

    @Test
    void anUnknownServerNameRefusedByTheServerFailsWithTheAlertInWords() {
        SniTlsServer server = server(old, true).serve("www.example", renewed);

        assertFailsInWords(() -> probe.served(new VerifyEndpoint(LOOPBACK, server.port(), "other.example"), TIMEOUT),
                message -> assertThat(message).startsWith("the TLS handshake with 127.0.0.1:" + server.port() + " failed: ")
                        .contains("unrecognized_name"));
    }

    @Test
    void aClosedPortFailsInWordsWithinTheTimeout() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }

        long started = System.nanoTime();
        assertFailsInWords(() -> probe.served(new VerifyEndpoint(LOOPBACK, port, "www.example"), TIMEOUT),
                message -> assertThat(message).isEqualTo("could not connect to 127.0.0.1:" + port + ": Connection refused"));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(TIMEOUT);
    }

    @Test
    void aServerThatAcceptsButNeverAnswersTheHandshakeFailsWithinTheTimeoutAndIsLeft() throws IOException {
        HoldingServer silent = new HoldingServer(connection -> {
        });

        long started = System.nanoTime();
        assertFailsInWords(() -> probe.served(new VerifyEndpoint(LOOPBACK, silent.port(), "www.example"), TIMEOUT),
                message -> assertThat(message).isEqualTo("127.0.0.1:" + silent.port()
                        + " accepted the connection but did not complete a TLS handshake within 1 s"));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(TIMEOUT, Duration.ofSeconds(2));
        await().atMost(Duration.ofSeconds(5)).until(silent::allClosedByClient);
    }

    @Test
    void aServerThatTricklesAByteNowAndThenCannotHoldTheProbeBeyondTheTimeout() throws IOException {
        // A handshake record header announcing 16 KiB, then one byte every 100 ms: no single read ever waits long.
        ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
        servers.add(trickle::shutdownNow);
        HoldingServer slow = new HoldingServer(connection -> {
            OutputStream out = connection.getOutputStream();
            out.write(new byte[] {0x16, 0x03, 0x03, 0x40, 0x00});
            out.flush();
            trickle.scheduleAtFixedRate(() -> {
                try {
                    out.write(0);
                    out.flush();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }, 100, 100, TimeUnit.MILLISECONDS);
        });

        long started = System.nanoTime();
        assertFailsInWords(() -> probe.served(new VerifyEndpoint(LOOPBACK, slow.port(), "www.example"), TIMEOUT),
                message -> assertThat(message).contains("did not complete a TLS handshake within 1 s"));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(TIMEOUT, Duration.ofSeconds(2));
    }

    @Test
    void aServerThatSpeaksPlainHttpFailsInWords() throws IOException {
        HoldingServer http = new HoldingServer(connection -> {
            connection.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            connection.close();
        });

        assertFailsInWords(() -> probe.served(new VerifyEndpoint(LOOPBACK, http.port(), "www.example"), TIMEOUT),
                message -> assertThat(message).startsWith("the TLS handshake with 127.0.0.1:" + http.port() + " failed: "));
    }

    @Test
    void aNameThatDoesNotResolveFailsInWords() {
        assertFailsInWords(() -> probe.served(new VerifyEndpoint("no-such-host.invalid", 443, null), TIMEOUT),
                message -> assertThat(message).isEqualTo("the name no-such-host.invalid cannot be resolved"));
    }

    private static void assertFailsInWords(ThrowingCallable probing, Consumer<String> message) {
        assertThatThrownBy(probing).isInstanceOf(ProbeFailedException.class)
                .satisfies(e -> message.accept(e.getMessage()))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("Exception").doesNotContain("java.")
                        .doesNotContain("javax.").doesNotContain("sun."));
    }

    /** Accepts TCP connections, does with each what the test says, and holds them until closed. */
    private final class HoldingServer implements AutoCloseable {

        interface Behaviour {
            void on(Socket connection) throws IOException;
        }

        private final ServerSocket socket;
        private final List<Socket> connections = new CopyOnWriteArrayList<>();

        HoldingServer(Behaviour behaviour) throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            servers.add(this);
            Thread acceptor = new Thread(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket connection = socket.accept();
                        connections.add(connection);
                        behaviour.on(connection);
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "holding-server");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        /** Whether the client closed every connection: what it sent is followed by the end at once. */
        boolean allClosedByClient() throws IOException {
            byte[] sent = new byte[4096];
            for (Socket connection : connections) {
                connection.setSoTimeout(100);
                try {
                    while (connection.getInputStream().read(sent) >= 0) {
                        // The client's hello, unanswered.
                    }
                } catch (SocketTimeoutException e) {
                    return false;
                } catch (IOException e) {
                    // Reset by the client: closed too.
                }
            }
            return !connections.isEmpty();
        }

        @Override
        public void close() throws IOException {
            socket.close();
            for (Socket connection : connections) {
                connection.close();
            }
        }
    }
}
