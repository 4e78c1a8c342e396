package io.certflow.issuer.acme;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.connector.Resource;

import com.sun.net.httpserver.HttpServer;

/** Against a real HTTP server that, like Pebble, sends its directory without caching headers. */
class SharedClientAcmeProviderTest {

    private HttpServer server;
    private final AtomicInteger directoryReads = new AtomicInteger();

    @BeforeEach
    void serveDirectory() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/dir", exchange -> {
            directoryReads.incrementAndGet();
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            byte[] body = ("{\"newNonce\":\"" + base + "/nonce\",\"newAccount\":\"" + base + "/account\","
                    + "\"newOrder\":\"" + base + "/order\",\"meta\":{\"termsOfService\":\"" + base + "/terms\"}}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aDirectoryWithoutCachingHeadersIsReadOnceWithinTheRefreshTime() throws Exception {
        Session session = session(Duration.ofMinutes(5));

        session.resourceUrl(Resource.NEW_ORDER);
        session.resourceUrl(Resource.NEW_NONCE);
        session.getMetadata().getTermsOfService();
        session.resourceUrl(Resource.NEW_ORDER);

        assertThat(directoryReads).hasValue(1);
        assertThat(session.resourceUrl(Resource.NEW_ORDER).getPath()).isEqualTo("/order");
    }

    @Test
    void afterTheRefreshTimeTheDirectoryIsReadAgain() throws Exception {
        Session session = session(Duration.ZERO);

        session.resourceUrl(Resource.NEW_ORDER);
        session.resourceUrl(Resource.NEW_ORDER);

        assertThat(directoryReads).hasValue(2);
    }

    private Session session(Duration refresh) {
        return new Session(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/dir"),
                new SharedClientAcmeProvider(HttpClient.newHttpClient(), refresh));
    }
}
