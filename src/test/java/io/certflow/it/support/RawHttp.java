package io.certflow.it.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * HTTP/1.1 written byte by byte on a socket, for requests an HTTP client refuses to send (braces or
 * a NUL in the address, oversized headers) or sends differently than written.
 */
public final class RawHttp {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final int port;
    private final String authorization;

    public RawHttp(int port, String user, String password) {
        this.port = port;
        this.authorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** @param headers lower-case names */
    public record Reply(int status, Map<String, String> headers, String body) {

        public String contentType() {
            return headers.getOrDefault("content-type", "");
        }

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("Not JSON (" + status + "): " + body, e);
            }
        }
    }

    /** {@code method target} with the caller's credentials, {@code extraHeaders} ("Name: value" lines) and a body. */
    public Reply send(String method, String target, String extraHeaders, byte[] body) {
        StringBuilder head = new StringBuilder()
                .append(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1:").append(port).append("\r\n")
                .append("Authorization: ").append(authorization).append("\r\n")
                .append("Connection: close\r\n");
        if (!extraHeaders.isEmpty()) {
            head.append(extraHeaders.strip()).append("\r\n");
        }
        if (body != null && !extraHeaders.toLowerCase(Locale.ROOT).contains("content-length:")) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            return read(new java.io.BufferedInputStream(socket.getInputStream()));
        } catch (IOException e) {
            throw new IllegalStateException("Certflow did not answer " + method + " " + target, e);
        }
    }

    public Reply send(String method, String target, String extraHeaders, String body) {
        return send(method, target, extraHeaders, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    /** Reads one response as it arrives: the server may keep the connection open (a body it did not read). */
    private static Reply read(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("No complete HTTP response head: " + head.toString(StandardCharsets.ISO_8859_1));
            }
            head.write(c);
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).strip().split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        byte[] body;
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = dechunk(in);
        } else if (headers.containsKey("content-length")) {
            body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
        } else {
            body = in.readAllBytes();
        }
        return new Reply(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private static byte[] dechunk(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            StringBuilder sizeLine = new StringBuilder();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    return out.toByteArray();
                }
                if (c != '\r') {
                    sizeLine.append((char) c);
                }
            }
            int size = Integer.parseInt(sizeLine.toString().split(";")[0].trim(), 16);
            if (size == 0) {
                return out.toByteArray();
            }
            out.write(in.readNBytes(size));
            in.skipNBytes(2);
        }
    }
}
