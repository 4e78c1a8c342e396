package io.certflow.autossl;

/**
 * Whether AutoSSL covers an account, the one rule the API and the runs share: the account's override when it has
 * one, else the tenant's default (the feature list, {@link AutoSslSettings#defaultEnabled()}). Whether the tenant's
 * provider is DISABLED is not part of it: that pauses runs for every account, it does not change their setting.
 */
public final class AutoSslEligibility {

    /** Where an account's effective setting comes from. */
    public enum Source {
        OVERRIDE, DEFAULT
    }

    public record Effective(boolean enabled, Source source) {
    }

    private AutoSslEligibility() {
    }

    public static boolean enabled(Account account, AutoSslSettings settings) {
        return effective(account, settings).enabled();
    }

    public static Effective effective(Account account, AutoSslSettings settings) {
        if (account.override() != null) {
            return new Effective(account.override() == AutoSslOverride.ENABLE, Source.OVERRIDE);
        }
        return new Effective(settings.defaultEnabled(), Source.DEFAULT);
    }
}
