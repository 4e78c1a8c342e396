package io.certflow.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers successful logins for a short time, so an API client that polls does not cost a
 * password check and two membership queries per request. Only successes are cached: a wrong
 * password always reaches the engine (and its lock-out), and a removed user or membership takes
 * effect after at most {@code ttl}.
 */
public class CachingIdentityDirectory implements IdentityDirectory {

    private static final int MAX_ENTRIES = 10_000;

    private final IdentityDirectory delegate;
    private final Duration ttl;
    private final Clock clock;
    private final Map<String, Entry> cache = new ConcurrentHashMap<>();

    private record Entry(Caller caller, Instant expires) {
    }

    public CachingIdentityDirectory(IdentityDirectory delegate, Duration ttl, Clock clock) {
        this.delegate = delegate;
        this.ttl = ttl;
        this.clock = clock;
    }

    @Override
    public Optional<Caller> authenticate(String userId, String password) {
        String key = key(userId, password);
        Instant now = clock.instant();
        Entry entry = cache.get(key);
        if (entry != null && entry.expires().isAfter(now)) {
            return Optional.of(entry.caller());
        }
        Optional<Caller> caller = delegate.authenticate(userId, password);
        if (caller.isPresent()) {
            if (cache.size() >= MAX_ENTRIES) {
                cache.clear();
            }
            cache.put(key, new Entry(caller.get(), now.plus(ttl)));
        } else {
            cache.remove(key);
        }
        return caller;
    }

    /** Only a digest of the password is held in memory, never the password itself. */
    private static String key(String userId, String password) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(userId.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            return HexFormat.of().formatHex(digest.digest(password.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
