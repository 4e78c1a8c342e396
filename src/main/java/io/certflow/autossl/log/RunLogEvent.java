package io.certflow.autossl.log;

import java.time.Instant;

/**
 * One event of an AutoSSL run, as stored.
 *
 * @param account the hosting account it is about, or null for the run as a whole
 * @param name    the domain or service name it is about, or null
 */
public record RunLogEvent(long seq, Instant at, String account, String name, RunLogLevel level, String message) {
}
