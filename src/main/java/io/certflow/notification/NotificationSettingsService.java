package io.certflow.notification;

import java.time.Clock;
import java.util.List;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.certflow.security.Caller;

/** Each tenant's notification settings: every member reads them, only its administrators change them. */
@Service
@Transactional
public class NotificationSettingsService {

    private final NotificationSettingsStore settings;
    private final Clock clock;

    public NotificationSettingsService(NotificationSettingsStore settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public NotificationSettings get(Caller caller, String tenant) {
        return settings.find(TenantScope.require(caller, tenant)).orElse(NotificationSettings.DEFAULT);
    }

    /** Replaces the tenant's settings with these, checked first: a refused request stores nothing. */
    public NotificationSettings replace(Caller caller, String tenant, List<String> contacts, String level) {
        String tenantId = TenantScope.require(caller, tenant);
        caller.requireAdministratorOf(tenantId, "change notification settings");
        NotificationSettings checked = NotificationSettings.checked(contacts, level);
        settings.save(tenantId, checked, caller.userId(), clock.instant());
        return checked;
    }

}
