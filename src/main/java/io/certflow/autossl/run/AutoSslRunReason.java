package io.certflow.autossl.run;

/** Why a run started. */
public enum AutoSslRunReason {
    /** The nightly timer (certflow.autossl.schedule). */
    NIGHTLY,
    /** An account was created. */
    ACCOUNT_CREATED,
    /** POST /api/autossl/runs {all: true}, or the command line's --all. */
    ALL,
    /** POST /api/autossl/runs {account}, the panel's Check button, or the command line's --user. */
    ACCOUNT
}
