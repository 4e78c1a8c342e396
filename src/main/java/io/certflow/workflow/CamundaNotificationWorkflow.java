package io.certflow.workflow;

import org.camunda.bpm.engine.RuntimeService;
import org.springframework.stereotype.Component;

import io.certflow.notification.NotificationWorkflow;
import io.certflow.notification.StoredNotification;

@Component
public class CamundaNotificationWorkflow implements NotificationWorkflow {

    private final RuntimeService runtimeService;

    public CamundaNotificationWorkflow(RuntimeService runtimeService) {
        this.runtimeService = runtimeService;
    }

    @Override
    public String startDelivery(StoredNotification notification) {
        return runtimeService.createProcessInstanceByKey(ProcessKeys.NOTIFICATION_DELIVERY)
                .businessKey(notification.id().toString())
                .setVariable(ProcessVariables.NOTIFICATION_ID, notification.id().toString())
                .setVariable(ProcessVariables.TENANT_ID, notification.tenantId())
                .setVariable(ProcessVariables.NOTIFICATION_KIND, notification.kind().name())
                .execute()
                .getProcessInstanceId();
    }
}
