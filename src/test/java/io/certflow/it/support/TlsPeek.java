package io.certflow.it.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.regex.Pattern;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A test's own TLS client: the leaf certificate a server on 127.0.0.1 presents to a new connection, whatever it is.
 * The test wants to see what is served, not to validate it.
 */
final class TlsPeek {

    private static final String LOOPBACK = "127.0.0.1";
    private static final int CONNECT_TIMEOUT_MILLIS = 2000;
    private static final int READ_TIMEOUT_MILLIS = 5000;
    /** A server name as SNI carries it. */
    private static final Pattern SERVER_NAME = Pattern.compile("[A-Za-z0-9*]([A-Za-z0-9.-]*[A-Za-z0-9])?");

    private TlsPeek() {
    }

    /** The leaf presented on {@code port} for SNI {@code serverName} (none if null). */
    static X509Certificate leaf(int port, String serverName) throws IOException {
        if (serverName != null && !SERVER_NAME.matcher(serverName).matches()) {
            throw new IllegalArgumentException("Not a server name: '" + serverName + "'");
        }
        // A fresh context each time: a context's session cache would resume an earlier session and report the
        // certificate of that session instead of the one served now.
        SSLContext context;
        try {
            context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new TrustEverything()}, null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(LOOPBACK, port), CONNECT_TIMEOUT_MILLIS);
            plain.setSoTimeout(READ_TIMEOUT_MILLIS);
            try (SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(plain, LOOPBACK, port, false)) {
                SSLParameters parameters = tls.getSSLParameters();
                parameters.setServerNames(serverName == null ? List.of() : List.of(new SNIHostName(serverName)));
                tls.setSSLParameters(parameters);
                tls.startHandshake();
                return (X509Certificate) tls.getSession().getPeerCertificates()[0];
            }
        }
    }

    private static final class TrustEverything extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
