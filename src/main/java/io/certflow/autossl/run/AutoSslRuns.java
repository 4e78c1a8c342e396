package io.certflow.autossl.run;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

import io.certflow.autossl.AccountCreated;
import io.certflow.autossl.AutoSslSettings;
import io.certflow.autossl.AutoSslSettingsStore;
import io.certflow.autossl.log.RunLog;
import io.certflow.autossl.log.RunLogLevel;
import io.certflow.error.InvalidRequestException;
import io.certflow.security.Caller;

/**
 * AutoSSL runs: started nightly, for a new account, or on request for all accounts or one; each
 * pages through its tenant's accounts and starts one check per account AutoSSL is on for. A run
 * ends when its last check has ({@link AutoSslChecks}), or at once when AutoSSL may not order.
 */
@Service
public class AutoSslRuns {

    private final AutoSslRunStore store;
    private final RunAccounts accounts;
    private final AutoSslSettingsStore settings;
    private final ProviderGate provider;
    private final AutoSslWorkflow workflow;
    private final RunLog runLog;
    private final RunEnd runEnd;
    private final Clock clock;
    private final int pageSize;

    public AutoSslRuns(AutoSslRunStore store, RunAccounts accounts, AutoSslSettingsStore settings, ProviderGate provider,
                       AutoSslWorkflow workflow, RunLog runLog, RunEnd runEnd, Clock clock,
                       @Value("${certflow.autossl.page-size:100}") int pageSize) {
        this.store = store;
        this.accounts = accounts;
        this.settings = settings;
        this.provider = provider;
        this.workflow = workflow;
        this.runLog = runLog;
        this.runEnd = runEnd;
        this.clock = clock;
        this.pageSize = pageSize;
    }

    /** What POST /api/autossl/runs asks: every account ({@code all}) or the one named. */
    public record RunRequest(String tenant, Boolean all, String account) {
    }

    /** A run for the caller's tenant; any member may ask (the panel's Check button), as for Run Now of renewals. */
    @Transactional
    public AutoSslRun request(Caller caller, RunRequest request) {
        String tenantId = caller.tenantForNewRow(request.tenant());
        boolean all = Boolean.TRUE.equals(request.all());
        if (all == (request.account() != null)) {
            throw new InvalidRequestException("all, account: give either all: true or the account to check, not both and not neither");
        }
        if (all) {
            return start(tenantId, null, null, AutoSslRunReason.ALL, caller.userId());
        }
        RunAccounts.AccountToCheck account = accounts.byName(tenantId, request.account())
                .orElseThrow(() -> new InvalidRequestException("account: tenant " + tenantId + " has no account named '" + request.account() + "'"));
        return start(tenantId, account.id(), account.name(), AutoSslRunReason.ACCOUNT, caller.userId());
    }

    /** A new account is checked at once (after its creation has committed, in a transaction of its own). */
    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    @Transactional(propagation = org.springframework.transaction.annotation.Propagation.REQUIRES_NEW)
    public void accountCreated(AccountCreated created) {
        start(created.tenantId(), created.accountId(), created.accountName(), AutoSslRunReason.ACCOUNT_CREATED, created.requestedBy());
    }

    /** The nightly timer: one run for every tenant with a provider. */
    @Transactional
    public List<AutoSslRun> startNightlyRuns() {
        return settings.tenantsWithProvider().stream().map(tenant -> start(tenant, null, null, AutoSslRunReason.NIGHTLY, null)).toList();
    }

    private AutoSslRun start(String tenantId, UUID accountId, String accountName, AutoSslRunReason reason, String requestedBy) {
        AutoSslRun run = AutoSslRun.start(tenantId, accountId, accountName, reason, requestedBy, clock.instant());
        store.insertRun(run);
        store.recordRunProcess(run.id(), workflow.startRun(run));
        runLog.append(run.id(), tenantId, accountName, null, RunLogLevel.INFO, "AutoSSL run started ("
                + reason.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + (requestedBy == null ? "" : ", by " + requestedBy) + ")");
        return store.findRun(run.id()).orElseThrow();
    }

    /** Ends the run PAUSED when AutoSSL may not order now (no provider, or its terms not accepted); returns whether it did. */
    @Transactional
    public boolean pauseIfProviderUnusable(UUID runId) {
        AutoSslRun run = store.findRun(runId).orElseThrow();
        if (run.state() != AutoSslRunState.RUNNING) {
            return true;
        }
        Optional<String> reason = provider.pauseReason(run.tenantId());
        if (reason.isEmpty()) {
            return false;
        }
        runEnd.pause(run, reason.get());
        return true;
    }

    /**
     * One page of the run's accounts, in name order after its cursor (or the one account it is for):
     * a check for each AutoSSL is on for, unless one of the account is in flight. Returns whether there
     * is more. Run again after a crash, it goes on from the cursor written with the checks it started.
     */
    @Transactional
    public boolean startNextPage(UUID runId) {
        AutoSslRun run = store.findRun(runId).orElseThrow();
        if (run.state() != AutoSslRunState.RUNNING || run.pagingDone()) {
            return false;
        }
        AutoSslSettings tenant = settings.find(run.tenantId());
        List<RunAccounts.AccountToCheck> page;
        if (run.accountId() != null) {
            page = accounts.byId(run.accountId()).stream().toList();
            if (page.isEmpty()) {
                runEnd.fail(run, "the account " + run.accountName() + " no longer exists");
                return false;
            }
        } else {
            page = accounts.pageAfter(run.tenantId(), run.cursorName(), pageSize);
        }
        int started = 0;
        for (RunAccounts.AccountToCheck account : page) {
            if (startCheck(run, account, tenant)) {
                started++;
            }
        }
        boolean more = run.accountId() == null && page.size() == pageSize;
        store.recordPage(runId, page.isEmpty() ? run.cursorName() : page.get(page.size() - 1).name(), !more, started);
        if (!more) {
            runEnd.finishIfDone(runId);
        }
        return more;
    }

    private boolean startCheck(AutoSslRun run, RunAccounts.AccountToCheck account, AutoSslSettings tenant) {
        if (!accounts.enabled(account, tenant)) {
            if (run.accountId() != null) {
                runLog.append(run.id(), run.tenantId(), account.name(), null, RunLogLevel.INFO,
                        "AutoSSL is off for this account (" + accounts.enabledSource(account, tenant) + "); nothing checked");
            }
            return false;
        }
        AutoSslCheck check = new AutoSslCheck(UUID.randomUUID(), run.id(), run.tenantId(), account.id(), AutoSslCheck.CHECKING, 0, 0, 0, 0,
                null, null, clock.instant(), null);
        if (!store.insertCheck(check)) {
            String other = store.runCheckingAccount(account.id()).map(UUID::toString).orElse("another run");
            runLog.append(run.id(), run.tenantId(), account.name(), null, RunLogLevel.INFO,
                    "already being checked by run " + other + " (waiting for its certificates); skipped");
            return false;
        }
        store.recordCheckProcess(check.id(), workflow.startCheck(check, account.name()));
        return true;
    }

    @Transactional(readOnly = true)
    public AutoSslRun get(Caller caller, UUID runId) {
        return caller.requireVisible(store.findRun(runId), AutoSslRun::tenantId, "AutoSSL run", runId);
    }

    /** A page of the tenant's runs, newest first. */
    @Transactional(readOnly = true)
    public RunPage list(Caller caller, String tenant, int page, int size) {
        String tenantId = caller.tenantForNewRow(tenant);
        if (page < 0 || size < 1 || size > 200) {
            throw new InvalidRequestException("page, size: page from 0, size from 1 to 200");
        }
        return new RunPage(store.runsOf(tenantId, page * size, size), page, size, store.countRuns(tenantId));
    }

    public record RunPage(List<AutoSslRun> items, int page, int size, long total) {
    }
}
