package io.certflow.workflow.notification;

import java.util.UUID;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

import io.certflow.notification.NotificationDelivery;
import io.certflow.workflow.CertflowDelegate;
import io.certflow.workflow.ProcessVariables;

/** Task_SendNotification: mails the notification unless it was mailed already; an SMTP fault escapes and is retried. */
@Component("sendNotificationDelegate")
public class SendNotificationDelegate extends CertflowDelegate {

    private final NotificationDelivery delivery;

    public SendNotificationDelegate(NotificationDelivery delivery) {
        this.delivery = delivery;
    }

    @Override
    protected void run(DelegateExecution execution) {
        delivery.deliver(UUID.fromString((String) execution.getVariable(ProcessVariables.NOTIFICATION_ID)));
    }
}
