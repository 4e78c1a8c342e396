package io.certflow.autossl;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.certflow.crypto.EmailAddresses;
import io.certflow.notification.Audience;
import io.certflow.notification.Notification;
import io.certflow.notification.NotificationKind;
import io.certflow.notification.NotificationLevel;
import io.certflow.notification.NotificationService;
import io.certflow.notification.NotificationSettings;
import io.certflow.notification.NotificationSettingsStore;
import io.certflow.notification.StoredNotification;

/**
 * What AutoSSL tells its two audiences: a hosting account's user (the account's contact address) and the tenant's
 * administrators (the tenant's notification contacts), each at its own level from the tenant's AutoSSL settings. Every
 * event is stored and listed with the tenant's notifications, mailed or not.
 * <p>
 * Call it inside the transaction that decided the event, as {@link NotificationService#raise(Notification, Audience)}
 * says. Dedup keys are the caller's, made the audience's own here ("user:&lt;account&gt;:" and "admin:" before them), so
 * that one event told to the user and to the administrators is two notifications, each stored and mailed once.
 */
@Service
public class AutoSslNotifications {

    private final NotificationService notifications;
    private final NotificationSettingsStore tenantSettings;
    private final AutoSslSettingsStore autoSslSettings;

    public AutoSslNotifications(NotificationService notifications, NotificationSettingsStore tenantSettings,
                                AutoSslSettingsStore autoSslSettings) {
        this.notifications = notifications;
        this.tenantSettings = tenantSettings;
        this.autoSslSettings = autoSslSettings;
    }

    /**
     * A hosting account's user as AutoSSL mails them.
     *
     * @param contactEmail the account's contact address; null when it has none (then nothing is mailed)
     * @param ownLevel     the level the account chose for itself; null: the tenant's AutoSSL user level
     */
    public record AccountContact(String tenantId, String accountName, String contactEmail, NotificationLevel ownLevel) {
    }

    /**
     * Tells the account's user: mailed to the account's contact at the account's own level, else at the tenant's AutoSSL
     * user level. A tenant whose user level is DISABLED mails no user, whatever an account chose.
     */
    @Transactional
    public StoredNotification toUser(AccountContact account, NotificationKind kind, String subject, String body, String dedupKey) {
        Notification event = new Notification(account.tenantId(), kind, subject, body,
                audienceKey("user:" + account.accountName() + ":", dedupKey));
        return notifications.raise(event, userAudience(account, autoSslSettings.find(account.tenantId())));
    }

    /** Tells the tenant's administrators: mailed to the tenant's notification contacts at the AutoSSL administrator level. */
    @Transactional
    public StoredNotification toAdministrators(String tenantId, NotificationKind kind, String subject, String body, String dedupKey) {
        Notification event = new Notification(tenantId, kind, subject, body, audienceKey("admin:", dedupKey));
        return notifications.raise(event, administratorAudience(tenantId,
                tenantSettings.find(tenantId).orElse(NotificationSettings.DEFAULT), autoSslSettings.find(tenantId)));
    }

    static Audience userAudience(AccountContact account, AutoSslSettings settings) {
        String contact = account.contactEmail();
        List<String> contacts = contact == null || EmailAddresses.problemWith(contact) != null
                ? List.of() : List.of(EmailAddresses.canonical(contact));
        String noContacts = "account " + account.accountName() + (contact == null || contact.isBlank()
                ? " has no contact email" : " has no contact email Certflow can mail (" + EmailAddresses.problemWith(contact) + ")");
        if (settings.userLevel() == NotificationLevel.DISABLED) {
            // The administrator turned users' mail off: an account's own level does not turn it on again.
            return new Audience(contacts, NotificationLevel.DISABLED, "the tenant's AutoSSL user level", noContacts);
        }
        if (account.ownLevel() != null) {
            return new Audience(contacts, account.ownLevel(), "account " + account.accountName() + "'s notification level", noContacts);
        }
        return new Audience(contacts, settings.userLevel(), "the tenant's AutoSSL user level", noContacts);
    }

    static Audience administratorAudience(String tenantId, NotificationSettings tenant, AutoSslSettings settings) {
        Audience tenantAudience = Audience.tenant(tenantId, tenant);
        return new Audience(tenantAudience.contacts(), settings.adminLevel(), "the tenant's AutoSSL administrator level",
                tenantAudience.noContacts());
    }

    /** The audience's prefix before the caller's key; a key too long for the column with it is replaced by its hash. */
    static String audienceKey(String prefix, String dedupKey) {
        String key = prefix + dedupKey;
        if (key.length() <= Notification.MAX_DEDUP_KEY) {
            return key;
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            String hashed = "sha256:" + HexFormat.of().formatHex(hash);
            return prefix.length() + hashed.length() <= Notification.MAX_DEDUP_KEY ? prefix + hashed : hashed;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
