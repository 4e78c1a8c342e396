package io.certflow.autossl;

import java.util.List;
import java.util.UUID;

import io.certflow.autossl.AutoSslEligibility.Effective;
import io.certflow.notification.NotificationLevel;

/**
 * An account as the API shows it: with its domains, targets, effective AutoSSL setting and the names AutoSSL covers
 * for it.
 *
 * @param userLevel the level its contact is actually mailed at (see {@link Account#userLevel})
 */
public record AccountDetails(Account account, List<AccountDomain> domains, List<UUID> deploymentTargets, Effective autoSsl,
                             NotificationLevel userLevel, List<String> namesToCover) {
}
