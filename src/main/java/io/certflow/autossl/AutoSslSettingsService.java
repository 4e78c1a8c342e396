package io.certflow.autossl;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.certflow.crypto.DomainNames;
import io.certflow.error.InvalidRequestException;
import io.certflow.issuer.Issuer;
import io.certflow.issuer.IssuerService;
import io.certflow.notification.NotificationLevel;
import io.certflow.security.Caller;

/**
 * A tenant's AutoSSL options (the feature list's default, replacing certificates AutoSSL did not issue, the notification
 * levels): every member reads them, only the tenant's administrators change them. The provider is chosen on its own
 * ({@code PUT /api/autossl/provider}), since choosing one may mean accepting its terms.
 */
@Service
@Transactional
public class AutoSslSettingsService {

    public static final String REPLACE_WARNING =
            "Replacing certificates AutoSSL did not issue may replace an EV or OV certificate with a DV certificate";

    private final AutoSslSettingsStore settings;
    private final IssuerService issuers;
    private final Clock clock;

    public AutoSslSettingsService(AutoSslSettingsStore settings, IssuerService issuers, Clock clock) {
        this.settings = settings;
        this.issuers = issuers;
        this.clock = clock;
    }

    /** What the API sends; every field is required, a PUT replaces the options whole. */
    public record Options(Boolean defaultEnabled, Boolean replaceNonAutoSsl, String userLevel, String adminLevel) {
    }

    /**
     * The options as the API answers them.
     *
     * @param provider the provider's issuer name, or DISABLED
     * @param warnings what an administrator should know about these options before relying on them
     */
    public record View(AutoSslSettings settings, String provider, List<String> warnings) {
    }

    @Transactional(readOnly = true)
    public View get(Caller caller, String tenant) {
        return viewOf(settings.find(caller.tenantForNewRow(tenant)));
    }

    /** Replaces the tenant's options with these, checked first: a refused request stores nothing. */
    public View put(Caller caller, String tenant, Options options) {
        String tenantId = caller.tenantForNewRow(tenant);
        caller.requireAdministratorOf(tenantId, "change AutoSSL's options");
        Options valid = checked(options);
        AutoSslSettings current = settings.find(tenantId);
        AutoSslSettings changed = new AutoSslSettings(tenantId, current.providerIssuerId(), valid.defaultEnabled(),
                valid.replaceNonAutoSsl(), NotificationLevel.valueOf(valid.userLevel()), NotificationLevel.valueOf(valid.adminLevel()),
                caller.userId(), clock.instant());
        settings.save(changed);
        return viewOf(changed);
    }

    /**
     * The options as sent, if every field is there and each level is one of the four.
     *
     * @throws InvalidRequestException listing each problem, naming its field
     */
    static Options checked(Options options) {
        List<String> problems = new ArrayList<>();
        if (options.defaultEnabled() == null) {
            problems.add("defaultEnabled: required, true (AutoSSL covers accounts without an override) or false");
        }
        if (options.replaceNonAutoSsl() == null) {
            problems.add("replaceNonAutoSsl: required, true or false (replace certificates AutoSSL did not issue when they are"
                    + " invalid or expire within three days)");
        }
        checkLevel("userLevel", options.userLevel(), problems);
        checkLevel("adminLevel", options.adminLevel(), problems);
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        return options;
    }

    private static void checkLevel(String field, String level, List<String> problems) {
        String levels = Arrays.stream(NotificationLevel.values()).map(Enum::name).collect(Collectors.joining(", "));
        if (level == null) {
            problems.add(field + ": required, one of " + levels);
        } else if (Arrays.stream(NotificationLevel.values()).noneMatch(known -> known.name().equals(level))) {
            problems.add(field + ": " + DomainNames.quote(level) + " is not a level; one of " + levels);
        }
    }

    private View viewOf(AutoSslSettings current) {
        String provider = current.providerDisabled() ? "DISABLED"
                : issuers.findIssuer(current.providerIssuerId()).map(Issuer::name).orElse("DISABLED");
        return new View(current, provider, current.replaceNonAutoSsl() ? List.of(REPLACE_WARNING) : List.of());
    }
}
