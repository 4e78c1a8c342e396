package io.certflow.autossl.run;

/** Where an AutoSSL run is. */
public enum AutoSslRunState {
    /** Transient: paging through the accounts, or waiting for the checks it started. */
    RUNNING,
    /** Final: every account it started a check for was checked (failures are counted, not fatal). */
    FINISHED,
    /** Final: the run could not check its accounts at all (the account it was asked for is gone). */
    FAILED,
    /** Final: nothing was ordered because the provider is disabled or its terms are not accepted. */
    PAUSED
}
