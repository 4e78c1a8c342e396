package io.certflow.web;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.certflow.certificate.CertificateService.Page;
import io.certflow.notification.NotificationKind;
import io.certflow.notification.NotificationLevel;
import io.certflow.notification.NotificationPage;
import io.certflow.notification.NotificationService;
import io.certflow.notification.NotificationSettings;
import io.certflow.notification.NotificationSettingsService;
import io.certflow.notification.NotificationState;
import io.certflow.notification.StoredNotification;
import io.certflow.security.Caller;
import io.swagger.v3.oas.annotations.media.Schema;

/** A tenant's notification settings (who hears of what) and the notifications raised for it. */
@RestController
@RequestMapping(value = "/api/tenants/{tenant}", produces = MediaType.APPLICATION_JSON_VALUE)
class NotificationController {

    private final NotificationSettingsService settings;
    private final NotificationService notifications;

    NotificationController(NotificationSettingsService settings, NotificationService notifications) {
        this.settings = settings;
        this.notifications = notifications;
    }

    /** Both fields are required: a PUT replaces the settings whole. The service checks them. */
    @Schema(name = "NotificationSettingsBody")
    record SettingsBody(List<String> contacts, String level) {
    }

    @Schema(name = "NotificationSettingsView")
    record SettingsView(String tenant, List<String> contacts, NotificationLevel level) {
        static SettingsView of(String tenant, NotificationSettings settings) {
            return new SettingsView(tenant, settings.contacts(), settings.level());
        }
    }

    /**
     * @param recipients who it is (or was) mailed to; empty when SKIPPED
     * @param reason     why it was SKIPPED
     */
    record NotificationView(UUID id, String tenant, NotificationKind kind, String subject, String body, NotificationState state,
                            String reason, List<String> recipients, Instant createdAt, Instant sentAt) {
        static NotificationView of(StoredNotification n) {
            return new NotificationView(n.id(), n.tenantId(), n.kind(), n.subject(), n.body(), n.state(), n.reason(), n.recipients(),
                    n.createdAt(), n.sentAt());
        }
    }

    @GetMapping("/notification-settings")
    SettingsView getSettings(Caller caller, @PathVariable String tenant) {
        return SettingsView.of(tenant, settings.get(caller, tenant));
    }

    @PutMapping(value = "/notification-settings", consumes = MediaType.APPLICATION_JSON_VALUE)
    SettingsView replaceSettings(Caller caller, @PathVariable String tenant, @RequestBody SettingsBody body) {
        return SettingsView.of(tenant, settings.replace(caller, tenant, body.contacts(), body.level()));
    }

    @GetMapping("/notifications")
    Page<NotificationView> list(Caller caller, @PathVariable String tenant, @RequestParam(defaultValue = "0") int page,
                                @RequestParam(defaultValue = "50") int size) {
        NotificationPage found = notifications.list(caller, tenant, page, size);
        return new Page<>(found.items().stream().map(NotificationView::of).toList(), found.page(), found.size(), found.total());
    }
}
