package io.certflow.autossl;

import io.certflow.autossl.AutoSslEligibility.Effective;

/** An account and its effective AutoSSL setting, with where that comes from. */
public record AccountSetting(Account account, Effective effective) {
}
