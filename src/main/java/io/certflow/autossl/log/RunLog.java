package io.certflow.autossl.log;

import java.time.Clock;
import java.util.Objects;
import java.util.UUID;

import org.springframework.stereotype.Component;

/**
 * Where the steps of an AutoSSL run say what they did. Each event is a row, stored in the caller's transaction, so an
 * event is kept exactly when what it tells of is; the run's log files are written from the rows when it ends.
 */
@Component
public class RunLog {

    /** autossl_event.message varchar(2000). */
    public static final int MAX_MESSAGE = 2000;
    /** autossl_event.account varchar(100), as hosting_account.name. */
    static final int MAX_ACCOUNT = 100;
    /** autossl_event.name varchar(253), a DNS name. */
    static final int MAX_NAME = 253;

    private final RunLogStore store;
    private final Clock clock;

    public RunLog(RunLogStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * Stores one event of the run.
     *
     * @param account the hosting account the event is about, or null for the run as a whole
     * @param name    the domain or service name it is about, or null
     * @param message what happened, in words; cut at {@value #MAX_MESSAGE} characters
     */
    public void append(UUID runId, String tenantId, String account, String name, RunLogLevel level, String message) {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(level, "level");
        store.insertEvent(runId, tenantId, clock.instant(), cut(account, MAX_ACCOUNT), cut(name, MAX_NAME), level,
                message == null ? "" : cut(message, MAX_MESSAGE));
    }

    /** The first {@code max} characters, never half of a surrogate pair (which neither database nor JSON would take). */
    static String cut(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
        return text.substring(0, end);
    }
}
