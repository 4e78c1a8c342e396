package io.certflow.validation.http01;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;

import org.springframework.stereotype.Component;

import io.certflow.crypto.KeyProtection;

/**
 * Whether a CA's http-01 request for a name would reach Certflow, asked before ordering (the AutoSSL
 * preflight): a GET of a probe token through the name's address, answered by {@link Http01Responder}
 * of whichever Certflow node receives it. The answer is a MAC under the installation's key, so a
 * server that echoes whatever it is asked, or another installation, does not pass.
 */
@Component
public class Http01Probe {

    static final String TOKEN_PREFIX = "certflow-probe-";
    private static final String PURPOSE = "http01-probe";
    /** The most of an answer read: the probe's answer is under 100 bytes; a web page is not it. */
    private static final int MAX_ANSWER = 1024;

    private final KeyProtection keyProtection;
    private final SecureRandom random = new SecureRandom();

    public Http01Probe(KeyProtection keyProtection) {
        this.keyProtection = keyProtection;
    }

    /** What this installation answers to the probe token with {@code nonce}. */
    String answer(String nonce) {
        return nonce + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
                keyProtection.mac(nonce.getBytes(StandardCharsets.US_ASCII), PURPOSE));
    }

    /** Whether {@code token} (from a request path) is a probe's, and which nonce it carries. */
    static String nonceOf(String token) {
        return token.startsWith(TOKEN_PREFIX) ? token.substring(TOKEN_PREFIX.length()) : null;
    }

    /**
     * Asks {@code address:port} for a fresh probe token with {@code name} as the Host, as a CA would
     * (HTTP/1.0, no redirects followed); null when Certflow answered, else why not in words.
     */
    public String problemReaching(String name, InetAddress address, int port, Duration timeout) {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        String nonce = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        String where = address.getHostAddress() + " port " + port;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + Http01Solver.PATH_PREFIX + TOKEN_PREFIX + nonce + " HTTP/1.0\r\nHost: " + name
                    + "\r\nUser-Agent: Certflow AutoSSL preflight\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String response = read(socket.getInputStream());
            int end = response.indexOf("\r\n\r\n");
            String statusLine = response.lines().findFirst().orElse("");
            if (!statusLine.matches("HTTP/1\\.[01] 200( .*)?")) {
                String status = statusLine.matches("HTTP/1\\.[01] \\d{3}.*") ? statusLine.substring(9, 12) : "no HTTP answer";
                return "the http-01 probe through " + where + " was answered with " + (status.length() == 3 ? "HTTP " + status : status)
                        + ", not by Certflow";
            }
            String body = end < 0 ? "" : response.substring(end + 4).trim();
            return body.equals(answer(nonce)) ? null : "the http-01 probe through " + where + " was answered by a server that is not this Certflow";
        } catch (SocketTimeoutException e) {
            return "the http-01 probe through " + where + " got no answer within "
                    + (timeout.toMillis() < 1000 ? timeout.toMillis() + " ms" : timeout.toSeconds() + " s");
        } catch (ConnectException e) {
            return "the http-01 probe through " + where + " was refused (nothing listens there)";
        } catch (IOException e) {
            return "the http-01 probe through " + where + " failed: the connection broke off";
        }
    }

    private static String read(InputStream in) throws IOException {
        byte[] buffer = in.readNBytes(MAX_ANSWER);
        return new String(buffer, StandardCharsets.ISO_8859_1);
    }
}
