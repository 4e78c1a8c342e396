package io.certflow.autossl.run;

import org.springframework.stereotype.Component;

import io.certflow.autossl.AutoSslNotifications;
import io.certflow.autossl.AutoSslNotifications.AccountContact;
import io.certflow.certificate.Certificate;
import io.certflow.notification.NotificationKind;

/**
 * What a run tells people: the account's contact and the tenant's administrators, each at their
 * level, of a deferred name, a certificate issued or failed; the administrators of a run's end.
 * Each event once (its key), however often a step runs.
 */
@Component
class RunNotices {

    private final AutoSslNotifications notifications;

    RunNotices(AutoSslNotifications notifications) {
        this.notifications = notifications;
    }

    void deferred(AutoSslCheck check, RunAccounts.AccountToCheck account, String name, String reason) {
        String subject = "AutoSSL deferred " + name;
        String body = "AutoSSL did not order a certificate for " + name + " (account " + account.name() + "): " + reason
                + ".\nThe other names of the account were checked as usual; " + name + " is tried again on the next run.\n";
        both(check, account, NotificationKind.DEFERRAL, subject, body, "autossl-deferred:" + check.id() + ":" + name);
    }

    void issued(AutoSslCheck check, RunAccounts.AccountToCheck account, Certificate certificate) {
        String names = String.join(", ", certificate.domains());
        both(check, account, NotificationKind.SUCCESS, "AutoSSL certificate issued: " + names,
                "AutoSSL issued a certificate for " + names + " (account " + (account == null ? "deleted" : account.name()) + "), serial "
                        + certificate.serialNumber() + ", valid until " + certificate.notAfter() + ".\n",
                "autossl-issued:" + certificate.id());
    }

    void failed(AutoSslCheck check, RunAccounts.AccountToCheck account, Certificate certificate) {
        String names = String.join(", ", certificate.domains());
        both(check, account, NotificationKind.FAILURE, "AutoSSL certificate failed: " + names,
                "AutoSSL could not get a certificate for " + names + " (account " + (account == null ? "deleted" : account.name()) + "): "
                        + certificate.failureReason() + ".\nThe next run tries again.\n",
                "autossl-failed:" + certificate.id());
    }

    void runEnded(AutoSslRun run, NotificationKind kind, String subject, String text) {
        // A pause is told once per reason (the nightly run meets it every night until someone acts); a run's end once per run.
        String key = run.state() == AutoSslRunState.PAUSED ? "autossl-paused:" + Integer.toHexString(text.hashCode()) : "autossl-run:" + run.id();
        notifications.toAdministrators(run.tenantId(), kind, subject, subject + ": " + text + "\nRun " + run.id()
                + "; its log: GET /api/autossl/logs/" + run.id() + "\n", key);
    }

    private void both(AutoSslCheck check, RunAccounts.AccountToCheck account, NotificationKind kind, String subject, String body, String key) {
        if (account != null) {
            notifications.toUser(new AccountContact(check.tenantId(), account.name(), account.account().contactEmail(),
                    account.account().notificationLevel()), kind, subject, body, key);
        }
        notifications.toAdministrators(check.tenantId(), kind, subject, body, key);
    }
}
