package io.certflow.issuer.acme;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.security.KeyPair;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.certflow.config.CertflowProperties;
import io.certflow.crypto.KeyProtection;
import io.certflow.crypto.KeyType;
import io.certflow.error.TermsNotAcceptedException;
import io.certflow.issuer.Issuer;
import io.certflow.issuer.IssuerStore;

/**
 * Logged-in ACME sessions per issuer. A Session holds the current nonce and is not meant to be
 * shared between threads, so each call borrows one from a small pool; the directory stays cached
 * in the pooled sessions.
 *
 * <p>Each issuer has at most one HttpClient, made at its first use. Only stored issuers get here:
 * creating an issuer reads its directory without any client ({@link AcmeDirectoryCheck}), because on
 * Java 17 an HttpClient cannot be closed and its selector thread outlives it until a garbage collection.
 */
@Component
public class AcmeLogins {

    private static final Logger log = LoggerFactory.getLogger(AcmeLogins.class);
    static final String ACCOUNT_KEY_PURPOSE = "acme-account-key";

    private final IssuerStore issuers;
    private final KeyProtection keyProtection;
    private final CertflowProperties properties;
    private final Map<UUID, HttpClient> clients = new ConcurrentHashMap<>();
    private final Map<String, Queue<Login>> pools = new ConcurrentHashMap<>();
    private final Map<UUID, Object> accountLocks = new ConcurrentHashMap<>();

    public AcmeLogins(IssuerStore issuers, KeyProtection keyProtection, CertflowProperties properties) {
        this.issuers = issuers;
        this.keyProtection = keyProtection;
        this.properties = properties;
        BouncyCastleEs256.install();
    }

    @FunctionalInterface
    public interface AcmeCall<T> {
        T call(Login login) throws Exception;
    }

    /** Runs {@code call} with a logged-in account of the issuer, creating the account on first use. */
    public <T> T withLogin(Issuer issuer, AcmeCall<T> call) {
        Issuer current = issuer.accountUrl() == null ? createAccount(issuer) : issuer;
        String poolKey = current.id() + "|" + current.accountUrl();
        Queue<Login> pool = pools.computeIfAbsent(poolKey, key -> new ConcurrentLinkedQueue<>());
        Login login = pool.poll();
        try {
            if (login == null) {
                KeyPair keyPair = keyProtection.unprotectPair(current.accountKeyEnc(), ACCOUNT_KEY_PURPOSE);
                login = newSession(current).login(new URL(current.accountUrl()), BouncyCastleEs256.signingKeys(keyPair));
            }
            T result = call.call(login);
            pool.offer(login);
            return result;
        } catch (Exception e) {
            // A session that failed may hold a bad nonce; it is dropped rather than returned.
            if (timedOut(e)) {
                abandonConnection(current, poolKey);
            }
            throw AcmeErrors.translate(current.name(), e);
        }
    }

    /**
     * All requests of an issuer share one HttpClient and so, with HTTP/2, one connection: should that
     * connection stall, every later request would time out too. A timeout therefore retires the
     * client and the sessions built on it, and the engine's retry opens a fresh connection. (The
     * ten-minute stalls seen under load against Pebble 2.4.0 were not this but a deadlock inside
     * Pebble; a fresh connection does not help there, the retries and incidents do their job.)
     */
    private void abandonConnection(Issuer issuer, String poolKey) {
        if (clients.remove(issuer.id()) != null) {
            log.warn("A request to {} timed out; opening a new connection for the next requests", issuer.name());
        }
        pools.remove(poolKey);
    }

    private static boolean timedOut(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof HttpTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** Runs {@code call} with an anonymous session (directory, metadata) of a stored issuer. */
    private <T> T withSession(Issuer issuer, SessionCall<T> call) {
        try {
            return call.call(newSession(issuer));
        } catch (Exception e) {
            throw AcmeErrors.translate(issuer.name(), e);
        }
    }

    @FunctionalInterface
    private interface SessionCall<T> {
        T call(Session session) throws Exception;
    }

    private Session newSession(Issuer issuer) {
        HttpClient client = clients.computeIfAbsent(issuer.id(), key -> HttpClient.newBuilder()
                .sslContext(TrustAnchors.sslContext(issuer.trustAnchorPem()))
                .connectTimeout(properties.acme().timeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build());
        Session session = new Session(URI.create(issuer.directoryUrl()), new SharedClientAcmeProvider(client, properties.acme().directoryRefresh()));
        session.networkSettings().setTimeout(properties.acme().timeout());
        return session;
    }

    /**
     * One account per issuer: jobs that find none at the same time wait for the first to create it.
     * Without this, the first burst of work registered 24 accounts at the CA in one benchmark run (one
     * per job thread), all but one of them then orphaned.
     * Between nodes the stored account URL decides, see {@link IssuerStore#recordAccount}.
     */
    private Issuer createAccount(Issuer issuer) {
        synchronized (accountLocks.computeIfAbsent(issuer.id(), id -> new Object())) {
            Issuer current = issuers.findById(issuer.id()).orElseThrow();
            return current.accountUrl() != null ? current : registerAccount(current);
        }
    }

    private Issuer registerAccount(Issuer issuer) {
        if (!issuer.termsAccepted()) {
            throw new TermsNotAcceptedException(issuer.name(), issuer.termsRequiredUrl());
        }
        KeyPair keyPair = KeyType.EC_P256.generate();
        String accountUrl = withSession(issuer, session -> {
            AccountBuilder builder = new AccountBuilder().agreeToTermsOfService().useKeyPair(keyPair);
            if (issuer.contactEmail() != null) {
                builder.addEmail(issuer.contactEmail());
            }
            if (issuer.eabKeyId() != null) {
                builder.withKeyIdentifier(issuer.eabKeyId(),
                        new String(keyProtection.decrypt(issuer.eabHmacKeyEnc(), IssuerEab.PURPOSE), java.nio.charset.StandardCharsets.US_ASCII));
            }
            return builder.createLogin(session).getAccountLocation().toString();
        });
        if (!issuers.recordAccount(issuer.id(), keyProtection.protect(keyPair.getPrivate(), ACCOUNT_KEY_PURPOSE), accountUrl)) {
            // Another job created an account at the same time; use the one that was stored first.
            log.info("Issuer {} already has an account; using the stored one", issuer.name());
        } else {
            log.info("Created ACME account {} for issuer {}", accountUrl, issuer.name());
        }
        return issuers.findById(issuer.id()).orElseThrow();
    }
}
