package io.certflow.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers a user's successful login for a short time, so an API client that polls does not cost
 * a password check and two membership queries per request. A remembered login is used only with
 * the same password and only while the engine does not lock the user out: each use asks for the
 * lock (one keyed read), because a lock may come from a wrong password sent anywhere (the engine
 * REST API, the webapps, another Certflow node), and a lock that a remembered login ignored would
 * let a guessed password through while the engine refuses it. Failures are never remembered: a
 * wrong password always reaches the engine (and its lock), and drops the user's remembered login.
 * A removed membership or role takes effect after at most {@code ttl}.
 */
public class CachingIdentityDirectory implements IdentityDirectory {

    private static final int MAX_ENTRIES = 10_000;

    private final IdentityDirectory delegate;
    private final Duration ttl;
    private final Clock clock;
    /** By user id: one password per user, so one entry. */
    private final Map<String, Entry> cache = new ConcurrentHashMap<>();

    private record Entry(byte[] passwordDigest, Caller caller, Instant expires) {
    }

    public CachingIdentityDirectory(IdentityDirectory delegate, Duration ttl, Clock clock) {
        this.delegate = delegate;
        this.ttl = ttl;
        this.clock = clock;
    }

    @Override
    public Optional<Caller> authenticate(String userId, String password) {
        byte[] digest = digest(userId, password);
        Instant now = clock.instant();
        Entry entry = cache.get(userId);
        if (entry != null && entry.expires().isAfter(now) && MessageDigest.isEqual(entry.passwordDigest(), digest)) {
            if (!delegate.lockedOut(userId)) {
                return Optional.of(entry.caller());
            }
            cache.remove(userId, entry);
            return Optional.empty();
        }
        Optional<Caller> caller = delegate.authenticate(userId, password);
        if (caller.isPresent()) {
            if (cache.size() >= MAX_ENTRIES) {
                cache.clear();
            }
            cache.put(userId, new Entry(digest, caller.get(), now.plus(ttl)));
        } else {
            cache.remove(userId);
        }
        return caller;
    }

    @Override
    public boolean lockedOut(String userId) {
        return delegate.lockedOut(userId);
    }

    @Override
    public Optional<Caller> current(String userId) {
        return delegate.current(userId);
    }

    /** Only a digest of the password is held in memory, never the password itself. */
    private static byte[] digest(String userId, String password) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(userId.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            return digest.digest(password.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
