package io.certflow.autossl;

/** An account's own AutoSSL setting, which beats the tenant's default; an account without one follows the default. */
public enum AutoSslOverride {
    ENABLE, DISABLE
}
