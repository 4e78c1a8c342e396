package io.certflow.web.console;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

import io.certflow.notification.NotificationLevel;

/** AutoSSL's values in the words the console shows them in: notification levels, why a run started, how long something took. */
final class AutoSslWords {

    static final Map<NotificationLevel, String> LEVELS = Map.of(
            NotificationLevel.ALL, "All: failures, warnings, deferrals and successes",
            NotificationLevel.FAILURES_WARNINGS_DEFERRALS, "Failures, warnings and deferrals (no success reports)",
            NotificationLevel.FAILURES_ONLY, "Failures only",
            NotificationLevel.DISABLED, "Disabled: mail nothing (notifications are still listed)");

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private AutoSslWords() {
    }

    /** A time to the second, in UTC as the logs write it; null when there is none. */
    static String time(Instant instant) {
        return instant == null ? null : TIME.format(instant);
    }

    static String level(NotificationLevel level) {
        return LEVELS.get(level);
    }

    /** Why a run started, and who asked for it. */
    static String trigger(String reason, String account, String requestedBy) {
        String by = requestedBy == null ? "" : " by " + requestedBy;
        return switch (reason) {
            case "NIGHTLY" -> "nightly run";
            case "ACCOUNT_CREATED" -> "account " + account + " created" + by;
            case "ALL" -> "all users" + by;
            case "ACCOUNT" -> "check of " + account + by;
            default -> reason;
        };
    }

    /** A duration as a person reads it: "45 s", "12 min", "3 h 20 min", "2 d 4 h". */
    static String duration(Duration duration) {
        long seconds = Math.max(0, duration.getSeconds());
        if (seconds < 60) {
            return seconds + " s";
        }
        long minutes = seconds / 60;
        if (minutes < 60) {
            return minutes + " min";
        }
        long hours = minutes / 60;
        if (hours < 24) {
            return hours + " h" + (minutes % 60 == 0 ? "" : " " + minutes % 60 + " min");
        }
        return hours / 24 + " d" + (hours % 24 == 0 ? "" : " " + hours % 24 + " h");
    }
}
