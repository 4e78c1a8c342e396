package io.certflow.autossl.log;

/** How much an event of an AutoSSL run matters. */
public enum RunLogLevel {
    /** What a run did: an account checked, a certificate ordered, a name already covered. */
    INFO,
    /** What a run put off or stopped at without failing: a deferred name, a pause for terms of service. */
    WARN,
    /** A failure: an account whose check failed, an order the CA refused. */
    ERROR
}
