package io.certflow.validation.http01;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.function.Function;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import io.certflow.crypto.KeyProtection;

class Http01ProbeTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final Http01Probe probe = new Http01Probe(new KeyProtection(key()));
    private HttpServer server;

    private static byte[] key() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** A web server on loopback answering each probe token with what {@code answer} makes of it, 200. */
    private int serving(Function<String, String> answer) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(Http01Solver.PATH_PREFIX, exchange -> {
            String token = exchange.getRequestURI().getPath().substring(Http01Solver.PATH_PREFIX.length());
            byte[] body = answer.apply(token).getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server.getAddress().getPort();
    }

    @Test
    void aServerThatAnswersAsThisInstallationsResponderPasses() throws IOException {
        int port = serving(token -> probe.answer(Http01Probe.nonceOf(token)));

        assertThat(probe.problemReaching("www.example.test", InetAddress.getLoopbackAddress(), port, TIMEOUT)).isNull();
    }

    @Test
    void aServerThatEchoesWhatItIsAskedOrAnotherInstallationDoesNotPass() throws IOException {
        Http01Probe other = new Http01Probe(new KeyProtection(key()));
        int echo = serving(token -> token);

        assertThat(probe.problemReaching("www.example.test", InetAddress.getLoopbackAddress(), echo, TIMEOUT))
                .contains("answered by a server that is not this Certflow");
        stop();
        int another = serving(token -> other.answer(Http01Probe.nonceOf(token)));
        assertThat(probe.problemReaching("www.example.test", InetAddress.getLoopbackAddress(), another, TIMEOUT))
                .contains("not this Certflow");
    }

    @Test
    void nothingListeningIsARefusalInWords() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }

        assertThat(probe.problemReaching("www.example.test", InetAddress.getLoopbackAddress(), port, TIMEOUT))
                .isEqualTo("the http-01 probe through 127.0.0.1 port " + port + " was refused (nothing listens there)");
    }

    @Test
    void aServerThatDoesNotAnswerWithinTheTimeoutIsSaidSo() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThat(probe.problemReaching("www.example.test", InetAddress.getLoopbackAddress(), silent.getLocalPort(), Duration.ofMillis(300)))
                    .contains("got no answer within 300 ms");
        }
    }
}
