package io.certflow.it.support;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import javax.net.ssl.SSLSocket;

import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

/**
 * ACME Renewal Information (RFC 9773) in front of a {@link PebbleServer}: Debian's Pebble 2.4 has none.
 * Every request is passed on to Pebble, which builds its URLs (and checks each JWS's url) from the
 * Host header: the proxy sends its own, so the directory, the account, order and certificate URLs
 * all point at the proxy and the client's signatures stay valid. On top of Pebble, the proxy
 * <ul>
 *   <li>adds {@code renewalInfo} to the directory and answers it with the window the test set for
 *       the certificate's names, and a Retry-After;</li>
 *   <li>records every newOrder (names, {@code replaces}) so that a test sees what a renewal sent;</li>
 *   <li>answers alreadyReplaced to a newOrder naming {@code replaces} for the names a test chose.</li>
 * </ul>
 * It learns which names an ARI identifier stands for from the certificates it passes on.
 */
public final class AriProxy implements AutoCloseable {

    private static final String DIRECTORY = "/dir";
    private static final String NONCE = "/nonce-plz";
    private static final String NEW_ORDER = "/order-plz";
    private static final String RENEWAL_INFO = "/renewal-info/";
    private static final Set<String> HOP_HEADERS = Set.of("content-length", "connection", "transfer-encoding", "keep-alive", "date");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the proxy saw of one newOrder, and the status it answered with. */
    public record NewOrder(List<String> names, String replaces, int status) {
    }

    private record Window(Instant start, Instant end) {
    }

    private record Reply(int status, List<Map.Entry<String, String>> headers, byte[] body) {

        String header(String name) {
            return headers.stream().filter(h -> h.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).findFirst().orElse(null);
        }
    }

    private final PebbleServer pebble;
    private final LoopbackHttpsServer.TestCa ca = LoopbackHttpsServer.TestCa.generate();
    private final HttpsServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private final Map<String, List<String>> namesByIdentifier = new ConcurrentHashMap<>();
    private final Set<String> refusingReplaces = ConcurrentHashMap.newKeySet();
    private final List<NewOrder> newOrders = new CopyOnWriteArrayList<>();
    private final List<String> renewalInfoRequests = new CopyOnWriteArrayList<>();
    private volatile Duration retryAfter = Duration.ofHours(3);

    public AriProxy(PebbleServer pebble) {
        this.pebble = pebble;
        try {
            server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setHttpsConfigurator(new HttpsConfigurator(ca.serverContext()));
            server.setExecutor(executor);
            server.createContext("/", this::handle);
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String directoryUrl() {
        return "https://" + hostPort() + DIRECTORY;
    }

    /** What an issuer pointed at the proxy trusts (the proxy's own throwaway CA, not Pebble's). */
    public String trustAnchorPem() {
        return ca.pem();
    }

    /** The window suggested for every certificate that names {@code name}. */
    public void window(String name, Instant start, Instant end) {
        windows.put(name, new Window(start.truncatedTo(ChronoUnit.SECONDS), end.truncatedTo(ChronoUnit.SECONDS)));
    }

    /** The Retry-After sent with every renewalInfo answer (3 hours unless set). */
    public void retryAfter(Duration wait) {
        this.retryAfter = wait;
    }

    /** A newOrder for {@code name} that names a certificate it replaces is answered alreadyReplaced (409). */
    public void refuseReplacing(String name) {
        refusingReplaces.add(name);
    }

    /** The newOrders that named {@code name}, oldest first. */
    public List<NewOrder> newOrdersFor(String name) {
        return newOrders.stream().filter(order -> order.names().contains(name)).toList();
    }

    /** The ARI identifiers of every renewalInfo request so far, oldest first. */
    public List<String> renewalInfoRequests() {
        return List.copyOf(renewalInfoRequests);
    }

    /** A certificate's ARI identifier (RFC 9773 §4.1): base64url of its AKI keyIdentifier, ".", base64url of its serial's DER octets. */
    public static String identifier(X509Certificate certificate) {
        try {
            AuthorityKeyIdentifier aki = AuthorityKeyIdentifier.getInstance(
                    JcaX509ExtensionUtils.parseExtensionValue(certificate.getExtensionValue("2.5.29.35")));
            Base64.Encoder base64url = Base64.getUrlEncoder().withoutPadding();
            return base64url.encodeToString(aki.getKeyIdentifier()) + "." + base64url.encodeToString(certificate.getSerialNumber().toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private String hostPort() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath();
            String query = exchange.getRequestURI().getRawQuery();
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (path.startsWith(RENEWAL_INFO) && "GET".equals(method)) {
                send(exchange, renewalInfo(path.substring(RENEWAL_INFO.length())));
                return;
            }
            NewOrder order = NEW_ORDER.equals(path) && "POST".equals(method) ? readNewOrder(body) : null;
            Reply reply;
            if (order != null && order.replaces() != null && order.names().stream().anyMatch(refusingReplaces::contains)) {
                reply = alreadyReplaced(order.replaces());
            } else {
                reply = forward(method, query == null ? path : path + "?" + query, exchange.getRequestHeaders().getFirst("Content-Type"), body);
            }
            if (order != null) {
                newOrders.add(new NewOrder(order.names(), order.replaces(), reply.status()));
            }
            if (DIRECTORY.equals(path) && reply.status() == 200) {
                reply = withRenewalInfo(reply);
            }
            if (String.valueOf(reply.header("Content-Type")).startsWith("application/pem-certificate-chain")) {
                learnNames(reply.body());
            }
            send(exchange, reply);
        } catch (IOException | RuntimeException e) {
            // The client sees a server error, as from a CA in trouble, and retries.
            exchange.sendResponseHeaders(502, -1);
        }
    }

    /** The request as Pebble would have received it from the client, over HTTP/1.0 so that the answer ends with the connection. */
    private Reply forward(String method, String target, String contentType, byte[] body) throws IOException {
        try (SSLSocket socket = (SSLSocket) pebble.sslContext().getSocketFactory().createSocket("127.0.0.1", pebble.acmePort())) {
            socket.setSoTimeout(60_000);
            StringBuilder head = new StringBuilder().append(method).append(' ').append(target).append(" HTTP/1.0\r\n")
                    .append("Host: ").append(hostPort()).append("\r\n");
            if (contentType != null) {
                head.append("Content-Type: ").append(contentType).append("\r\n");
            }
            if (body.length > 0 || "POST".equals(method)) {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            return parse(socket.getInputStream().readAllBytes());
        }
    }

    private static Reply parse(byte[] response) {
        String text = new String(response, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        String[] lines = text.substring(0, end).split("\r\n");
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.add(Map.entry(lines[i].substring(0, colon).trim(), lines[i].substring(colon + 1).trim()));
        }
        byte[] body = java.util.Arrays.copyOfRange(response, end + 4, response.length);
        return new Reply(Integer.parseInt(lines[0].split(" ")[1]), headers, body);
    }

    private static void send(HttpExchange exchange, Reply reply) throws IOException {
        reply.headers().stream().filter(h -> !HOP_HEADERS.contains(h.getKey().toLowerCase(Locale.ROOT)))
                .forEach(h -> exchange.getResponseHeaders().add(h.getKey(), h.getValue()));
        boolean noBody = reply.body().length == 0 || "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(reply.status(), noBody ? -1 : reply.body().length);
        if (!noBody) {
            exchange.getResponseBody().write(reply.body());
        }
    }

    private Reply withRenewalInfo(Reply directory) throws IOException {
        ObjectNode json = (ObjectNode) JSON.readTree(directory.body());
        json.put("renewalInfo", "https://" + hostPort() + RENEWAL_INFO);
        return new Reply(directory.status(), directory.headers(), JSON.writeValueAsBytes(json));
    }

    private Reply renewalInfo(String identifier) throws IOException {
        renewalInfoRequests.add(identifier);
        List<String> names = namesByIdentifier.get(identifier);
        if (names == null) {
            return problem(404, "urn:ietf:params:acme:error:malformed", "no certificate " + identifier + " was issued here", null);
        }
        Window window = names.stream().map(windows::get).filter(java.util.Objects::nonNull).findFirst()
                .orElse(new Window(Instant.now().plus(Duration.ofDays(60)).truncatedTo(ChronoUnit.SECONDS),
                        Instant.now().plus(Duration.ofDays(61)).truncatedTo(ChronoUnit.SECONDS)));
        ObjectNode json = JSON.createObjectNode();
        json.putObject("suggestedWindow").put("start", window.start().toString()).put("end", window.end().toString());
        return new Reply(200, List.of(Map.entry("Content-Type", "application/json"),
                Map.entry("Retry-After", Long.toString(retryAfter.toSeconds()))), JSON.writeValueAsBytes(json));
    }

    /** The CA's answer to an order replacing a certificate that another order replaced already; with a fresh nonce, as Pebble would send. */
    private Reply alreadyReplaced(String replaces) throws IOException {
        String nonce = forward("HEAD", NONCE, null, new byte[0]).header("Replay-Nonce");
        return problem(409, "urn:ietf:params:acme:error:alreadyReplaced", "certificate " + replaces + " has already been replaced", nonce);
    }

    private static Reply problem(int status, String type, String detail, String nonce) throws IOException {
        ObjectNode json = JSON.createObjectNode().put("type", type).put("detail", detail).put("status", status);
        List<Map.Entry<String, String>> headers = new ArrayList<>(List.of(Map.entry("Content-Type", "application/problem+json")));
        if (nonce != null) {
            headers.add(Map.entry("Replay-Nonce", nonce));
        }
        return new Reply(status, headers, JSON.writeValueAsBytes(json));
    }

    private static NewOrder readNewOrder(byte[] jws) throws IOException {
        JsonNode payload = JSON.readTree(Base64.getUrlDecoder().decode(JSON.readTree(jws).path("payload").asText()));
        List<String> names = new ArrayList<>();
        payload.path("identifiers").forEach(identifier -> names.add(identifier.path("value").asText()));
        JsonNode replaces = payload.get("replaces");
        return new NewOrder(List.copyOf(names), replaces == null ? null : replaces.asText(), 0);
    }

    private void learnNames(byte[] pemChain) {
        try {
            X509Certificate leaf = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pemChain));
            List<String> names = new ArrayList<>();
            Collection<List<?>> alternativeNames = leaf.getSubjectAlternativeNames();
            if (alternativeNames != null) {
                alternativeNames.stream().filter(entry -> Integer.valueOf(2).equals(entry.get(0))).forEach(entry -> names.add((String) entry.get(1)));
            }
            namesByIdentifier.put(identifier(leaf), List.copyOf(names));
        } catch (CertificateParsingException e) {
            throw new IllegalStateException(e);
        } catch (CertificateException e) {
            throw new IllegalStateException("Pebble sent a certificate chain that does not parse", e);
        }
    }
}
