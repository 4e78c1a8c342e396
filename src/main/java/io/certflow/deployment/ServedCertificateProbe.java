package io.certflow.deployment;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

import org.springframework.stereotype.Component;

import io.certflow.crypto.Pem;
import io.certflow.error.LibraryMessages;

/**
 * Which certificate a TLS endpoint presents, as a client that asks for the target's server name (SNI)
 * sees it. It trusts whatever it is shown: it reports what is served, and the caller decides with
 * {@link #serves} whether that is the certificate it deployed.
 * <p>
 * Every probe is a new TLS client that remembers no earlier session. A client that kept the session of
 * its last handshake with a host and port offers it again, and the JDK then sends that session's server
 * name instead of the one asked for; a resumed session would even bring back the certificate of the earlier
 * handshake, which is exactly the old certificate a reload should have replaced.
 * One deadline bounds connecting and the handshake together; when it passes, the connection is closed
 * under the handshake, so a server that sends a byte now and then cannot hold the probe either.
 */
@Component
public class ServedCertificateProbe {

    private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|.*:.*");

    /**
     * The leaf certificate {@code endpoint} presents for its server name (its host when it has none; an
     * IP address is sent as no name at all, as browsers do). Fails with a sentence when it cannot tell
     * within {@code timeout}.
     */
    public X509Certificate served(VerifyEndpoint endpoint, Duration timeout) throws ProbeFailedException {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("a probe needs a timeout longer than zero");
        }
        String where = where(endpoint);
        long deadline = System.nanoTime() + timeout.toNanos();
        Socket socket = new Socket();
        AtomicBoolean overran = new AtomicBoolean();
        CompletableFuture<Void> watchdog = CompletableFuture.runAsync(() -> {
            overran.set(true);
            closeQuietly(socket);
        }, CompletableFuture.delayedExecutor(timeout.toNanos(), TimeUnit.NANOSECONDS, Runnable::run));
        try {
            connect(socket, endpoint, where, timeout, deadline, overran);
            return handshake(socket, endpoint, where, timeout, deadline, overran);
        } finally {
            closeQuietly(socket);
            watchdog.cancel(false);
        }
    }

    /** Whether {@code served} is {@code expected}: the same serial and the same SHA-256 fingerprint. */
    public static boolean serves(X509Certificate served, X509Certificate expected) {
        return served != null && expected != null && served.getSerialNumber().equals(expected.getSerialNumber())
                && Pem.sha256Fingerprint(served).equals(Pem.sha256Fingerprint(expected));
    }

    private static void connect(Socket socket, VerifyEndpoint endpoint, String where, Duration timeout, long deadline,
                                AtomicBoolean overran) throws ProbeFailedException {
        InetSocketAddress address = new InetSocketAddress(endpoint.host(), endpoint.port());
        if (address.isUnresolved()) {
            throw new ProbeFailedException("the name " + endpoint.host() + " cannot be resolved", null);
        }
        try {
            socket.connect(address, remainingMillis(deadline));
        } catch (IOException e) {
            if (overran.get() || e instanceof SocketTimeoutException) {
                throw new ProbeFailedException(where + " did not accept a connection within " + words(timeout), e);
            }
            throw new ProbeFailedException("could not connect to " + where + ": " + LibraryMessages.of(e), e);
        }
    }

    private static X509Certificate handshake(Socket socket, VerifyEndpoint endpoint, String where, Duration timeout,
                                             long deadline, AtomicBoolean overran) throws ProbeFailedException {
        SSLSocket tls = null;
        try {
            tls = (SSLSocket) newClient().getSocketFactory().createSocket(socket, endpoint.host(), endpoint.port(), true);
            SSLParameters parameters = tls.getSSLParameters();
            parameters.setServerNames(serverNames(endpoint));
            tls.setSSLParameters(parameters);
            tls.setSoTimeout(remainingMillis(deadline));
            tls.startHandshake();
            Certificate[] chain = tls.getSession().getPeerCertificates();
            if (chain.length == 0 || !(chain[0] instanceof X509Certificate leaf)) {
                throw new ProbeFailedException(where + " presented no X.509 certificate", null);
            }
            return leaf;
        } catch (SSLPeerUnverifiedException e) {
            throw new ProbeFailedException(where + " completed the TLS handshake without presenting a certificate", e);
        } catch (IOException e) {
            if (overran.get() || e instanceof SocketTimeoutException) {
                throw new ProbeFailedException(where + " accepted the connection but did not complete a TLS handshake within "
                        + words(timeout), e);
            }
            if (e instanceof SSLException) {
                throw new ProbeFailedException("the TLS handshake with " + where + " failed: " + LibraryMessages.of(e), e);
            }
            throw new ProbeFailedException("the connection to " + where + " broke during the TLS handshake: "
                    + LibraryMessages.of(e), e);
        } finally {
            closeQuietly(tls);
        }
    }

    private static List<SNIServerName> serverNames(VerifyEndpoint endpoint) throws ProbeFailedException {
        String name = endpoint.serverName() != null ? endpoint.serverName() : endpoint.host();
        if (endpoint.serverName() == null && IP_LITERAL.matcher(name).matches()) {
            return List.of();
        }
        try {
            return List.of(new SNIHostName(name));
        } catch (IllegalArgumentException e) {
            throw new ProbeFailedException("'" + name + "' cannot be sent as a TLS server name", e);
        }
    }

    /** A client of its own for every probe, so that no earlier session is offered. */
    private static SSLContext newClient() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new TrustingAnyCertificate()}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java runtime offers no TLS client", e);
        }
    }

    private static int remainingMillis(long deadline) {
        long millis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, millis));
    }

    private static String where(VerifyEndpoint endpoint) {
        return (endpoint.host().contains(":") ? "[" + endpoint.host() + "]" : endpoint.host()) + ":" + endpoint.port();
    }

    static String words(Duration duration) {
        long millis = duration.toMillis();
        if (millis < 1000) {
            return millis + " ms";
        }
        return millis % 1000 == 0 ? millis / 1000 + " s" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    /** Once the certificate is read, or the probe has failed, nothing the closing says changes the answer. */
    private static void closeQuietly(Closeable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (IOException e) {
            // Closed as far as this probe is concerned.
        }
    }

    /**
     * Accepts every server certificate: the probe reports what is served, it does not decide whether to
     * trust it. An extended trust manager, so that the runtime adds no checks of its own on top.
     */
    private static final class TrustingAnyCertificate extends X509ExtendedTrustManager {

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
            throw new UnsupportedOperationException("a probe is never a server");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            throw new UnsupportedOperationException("a probe is never a server");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException("a probe is never a server");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
