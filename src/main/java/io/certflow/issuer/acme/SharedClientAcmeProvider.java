package io.certflow.issuer.acme;

import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.concurrent.Executor;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.connector.HttpConnector;
import org.shredzone.acme4j.connector.NetworkSettings;
import org.shredzone.acme4j.exception.AcmeException;
import org.shredzone.acme4j.provider.GenericAcmeProvider;
import org.shredzone.acme4j.toolbox.JSON;

/**
 * acme4j builds a new HttpClient (and so a new TLS handshake) for every request. This provider
 * hands every connection of one issuer the same client, which also carries the issuer's extra
 * trust anchor.
 *
 * <p>acme4j also reads the directory again before every request that needs one of its URLs, unless
 * the CA says how long it stays valid: about three extra requests per certificate. Without such a
 * header the directory is kept for {@code directoryRefresh}.
 */
class SharedClientAcmeProvider extends GenericAcmeProvider {

    private final HttpClient client;
    private final Duration directoryRefresh;

    SharedClientAcmeProvider(HttpClient client, Duration directoryRefresh) {
        this.client = client;
        this.directoryRefresh = directoryRefresh;
    }

    @Override
    public JSON directory(Session session, URI serverUri) throws AcmeException {
        JSON directory = super.directory(session, serverUri);
        ZonedDateTime now = ZonedDateTime.now();
        // Also after a "not modified" answer, which leaves the expired time in place.
        if (session.getDirectoryExpires() == null || !session.getDirectoryExpires().isAfter(now)) {
            session.setDirectoryExpires(now.plus(directoryRefresh));
        }
        return directory;
    }

    @Override
    protected HttpConnector createHttpConnector(NetworkSettings settings) {
        return new HttpConnector(settings) {
            @Override
            public HttpClient.Builder createClientBuilder() {
                return new FixedClientBuilder(client);
            }
        };
    }

    /** A builder that ignores its settings and returns the shared, already configured client. */
    private record FixedClientBuilder(HttpClient client) implements HttpClient.Builder {
        @Override public HttpClient.Builder cookieHandler(CookieHandler cookieHandler) { return this; }
        @Override public HttpClient.Builder connectTimeout(Duration duration) { return this; }
        @Override public HttpClient.Builder sslContext(SSLContext sslContext) { return this; }
        @Override public HttpClient.Builder sslParameters(SSLParameters sslParameters) { return this; }
        @Override public HttpClient.Builder executor(Executor executor) { return this; }
        @Override public HttpClient.Builder followRedirects(HttpClient.Redirect policy) { return this; }
        @Override public HttpClient.Builder version(HttpClient.Version version) { return this; }
        @Override public HttpClient.Builder priority(int priority) { return this; }
        @Override public HttpClient.Builder proxy(ProxySelector proxySelector) { return this; }
        @Override public HttpClient.Builder authenticator(Authenticator authenticator) { return this; }
        @Override public HttpClient build() { return client; }
    }
}
