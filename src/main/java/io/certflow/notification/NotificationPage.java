package io.certflow.notification;

import java.util.List;

/** One page of a tenant's notifications, newest first, and how many there are in all. */
public record NotificationPage(List<StoredNotification> items, int page, int size, long total) {
}
