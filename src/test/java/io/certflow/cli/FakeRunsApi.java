package io.certflow.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The two calls of the runs API the command line makes (POST /api/autossl/runs, GET /api/autossl/runs/{id}), answered
 * as a test scripts them, on a loopback port. Only for CertflowCliTest: the real API is tested end to end elsewhere.
 */
final class FakeRunsApi implements AutoCloseable {

    static final String RUN_ID = "5b0e7c4e-8a53-4a43-9d0c-3f3c8e2f6a11";

    record Request(String method, String path, String authorization, String body) {
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Deque<String> runAnswers = new ArrayDeque<>();
    private int startStatus = 202;
    private String startBody = "{\"id\":\"" + RUN_ID + "\",\"state\":\"RUNNING\"}";
    private String startContentType = "application/json";

    FakeRunsApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/autossl/runs", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<Request> requests() {
        return requests;
    }

    /** The start call answers this instead of 202 with the run. */
    FakeRunsApi refusesStart(int status, String contentType, String body) {
        startStatus = status;
        startContentType = contentType;
        startBody = body;
        return this;
    }

    /** The next GET of the run answers this; the last one stays the answer. */
    FakeRunsApi then(String state, int total, int checked, int ordered, int deferred, int failures, String message) {
        boolean running = state.equals("RUNNING");
        runAnswers.add("""
                {"id":"%s","tenant":"hosting","account":null,"reason":"ALL","state":"%s","accountsTotal":%d,"accountsChecked":%d,
                 "certificatesOrdered":%d,"namesDeferred":%d,"failures":%d,"message":%s,"startedAt":"2030-03-01T03:00:00Z",
                 "finishedAt":%s}""".formatted(RUN_ID, state, total, checked, ordered, deferred, failures,
                message == null ? "null" : "\"" + message + "\"", running ? "null" : "\"2030-03-01T03:02:05Z\""));
        return this;
    }

    private synchronized void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = exchange.getRequestURI().getPath();
        requests.add(new Request(exchange.getRequestMethod(), path, exchange.getRequestHeaders().getFirst("Authorization"), body));
        if (exchange.getRequestMethod().equals("POST") && path.equals("/api/autossl/runs")) {
            answer(exchange, startStatus, startContentType, startBody);
        } else if (exchange.getRequestMethod().equals("GET") && path.equals("/api/autossl/runs/" + RUN_ID) && !runAnswers.isEmpty()) {
            answer(exchange, 200, "application/json", runAnswers.size() > 1 ? runAnswers.poll() : runAnswers.peek());
        } else {
            answer(exchange, 404, "application/problem+json", "{\"title\":\"Not found\",\"status\":404,\"detail\":\"no such run\"}");
        }
    }

    private static void answer(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
