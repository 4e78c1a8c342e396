package io.certflow.notification;

/** Starts the delivery of a notification; implemented by the workflow layer, so this package needs no engine. */
public interface NotificationWorkflow {

    /**
     * Starts NotificationDeliveryProcess for a PENDING notification written in the same transaction. Nothing is mailed
     * in this transaction: the process's only task is a job of its own, which runs once the transaction has committed.
     *
     * @return the process instance id
     */
    String startDelivery(StoredNotification notification);
}
