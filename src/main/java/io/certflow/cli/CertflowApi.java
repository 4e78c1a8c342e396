package io.certflow.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The two calls of Certflow's API the command line makes, over HTTP Basic. */
final class CertflowApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int MAX_ECHOED = 300;

    /** An answer that is not the one asked for, or no answer; the message says what in words. */
    static final class ApiException extends Exception {
        ApiException(String message) {
            super(message);
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final URI base;
    private final String authorization;

    CertflowApi(URI base, String user, String password) {
        this.base = base;
        this.authorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** POST /api/autossl/runs: {tenant?, all: true} or {tenant?, account}; answers the run's id. */
    UUID startRun(String tenant, String account) throws ApiException {
        ObjectNode body = JSON.createObjectNode();
        if (tenant != null) {
            body.put("tenant", tenant);
        }
        if (account == null) {
            body.put("all", true);
        } else {
            body.put("account", account);
        }
        HttpRequest request = request("/api/autossl/runs").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
        JsonNode run = send(request, 202);
        try {
            return UUID.fromString(run.path("id").asText());
        } catch (IllegalArgumentException e) {
            throw new ApiException("POST /api/autossl/runs answered without a run id");
        }
    }

    /** GET /api/autossl/runs/{id}. */
    JsonNode run(UUID id) throws ApiException {
        return send(request("/api/autossl/runs/" + id).GET().build(), 200);
    }

    /** Below the base's own path too: Certflow may be served under a prefix (https://panel.example/certflow). */
    URI uri(String path) {
        String prefix = base.toString();
        return URI.create((prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix) + path);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(uri(path)).timeout(TIMEOUT).header("Authorization", authorization).header("Accept", "application/json");
    }

    private JsonNode send(HttpRequest request, int expected) throws ApiException {
        String call = request.method() + " " + request.uri().getRawPath();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ApiException(call + ": cannot reach Certflow at " + base + " (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(call + ": interrupted");
        }
        JsonNode body = parse(response.body());
        if (response.statusCode() != expected) {
            throw new ApiException(call + " answered HTTP " + response.statusCode() + ": " + problem(body, response.body()));
        }
        if (body == null || !body.isObject()) {
            throw new ApiException(call + " answered HTTP " + response.statusCode() + " without a JSON object");
        }
        return body;
    }

    private static JsonNode parse(String text) {
        try {
            return text == null || text.isBlank() ? null : JSON.readTree(text);
        } catch (IOException e) {
            return null;
        }
    }

    /** The problem+json detail (with each listed error), else its title, else the start of the body. */
    static String problem(JsonNode body, String text) {
        if (body != null && body.hasNonNull("detail")) {
            return body.path("detail").asText();
        }
        if (body != null && body.hasNonNull("title")) {
            return body.path("title").asText();
        }
        if (text == null || text.isBlank()) {
            return "(no detail)";
        }
        String printable = text.replaceAll("\\p{Cntrl}", " ").strip();
        return printable.length() <= MAX_ECHOED ? printable : printable.substring(0, MAX_ECHOED) + "...";
    }
}
