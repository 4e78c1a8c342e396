package io.certflow.validation.http01;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.certflow.config.CertflowProperties;
import io.certflow.validation.AuthorizationStore;

/**
 * Answers http-01 challenges on its own port. The answers come from the database, so any node
 * of a cluster (and a node that restarted) answers every live challenge.
 */
@Component
public class Http01Responder implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Http01Responder.class);
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{1,256}");

    private final AuthorizationStore authorizations;
    private final Http01Probe probe;
    private final CertflowProperties.Http01 settings;
    private HttpServer server;
    private ExecutorService executor;

    public Http01Responder(AuthorizationStore authorizations, Http01Probe probe, CertflowProperties properties) {
        this.authorizations = authorizations;
        this.probe = probe;
        this.settings = properties.validation().http01();
    }

    static boolean isToken(String token) {
        return token != null && TOKEN.matcher(token).matches();
    }

    @Override
    public void start() {
        if (settings.port() <= 0) {
            log.info("http-01 responder disabled (certflow.validation.http01.port = {})", settings.port());
            return;
        }
        try {
            server = HttpServer.create(new InetSocketAddress(settings.bindAddress(), settings.port()), 64);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot listen for http-01 challenges on " + settings.bindAddress() + ":" + settings.port()
                    + " (set certflow.validation.http01.port)", e);
        }
        executor = Executors.newFixedThreadPool(4);
        server.setExecutor(executor);
        server.createContext(Http01Solver.PATH_PREFIX, this::answer);
        server.start();
        log.info("Answering http-01 challenges on {}:{}", settings.bindAddress(), server.getAddress().getPort());
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            String token = exchange.getRequestURI().getPath().substring(Http01Solver.PATH_PREFIX.length());
            Optional<String> answer = isToken(token) && "GET".equals(exchange.getRequestMethod())
                    ? answerTo(token)
                    : Optional.empty();
            byte[] body = answer.orElse("no such challenge\n").getBytes(StandardCharsets.US_ASCII);
            exchange.getResponseHeaders().set("Content-Type", "text/plain");
            exchange.sendResponseHeaders(answer.isPresent() ? 200 : 404, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** A challenge's key authorization, or the answer to an AutoSSL preflight probe (which no CA token looks like). */
    private Optional<String> answerTo(String token) {
        String nonce = Http01Probe.nonceOf(token);
        return nonce != null ? Optional.of(probe.answer(nonce)) : authorizations.liveKeyAuthorization(token);
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            server = null;
        }
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }
}
