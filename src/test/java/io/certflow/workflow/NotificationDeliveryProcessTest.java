package io.certflow.workflow;

import static io.certflow.workflow.FakeDelegate.transientFault;
import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaFailedJobRetryTimeCycle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.certflow.notification.NotificationKind;
import io.certflow.notification.NotificationState;
import io.certflow.notification.StoredNotification;

@Deployment(resources = "bpmn/NotificationDeliveryProcess.bpmn")
class NotificationDeliveryProcessTest extends ProcessTestSupport {

    @RegisterExtension
    static final ProcessEngineExtension ENGINE = ProcessEngineExtension.builder().configurationResource(ENGINE_CONFIGURATION).build();

    private final UUID notificationId = UUID.randomUUID();

    /** Starts the process the way NotificationService does. */
    private ProcessInstance startDelivery() {
        StoredNotification notification = new StoredNotification(notificationId, TENANT_ID, NotificationKind.FAILURE,
                "Renewal of shop.example failed", "The CA refused the order.", "renewal-failed:1", NotificationState.PENDING, null,
                List.of("ops@example.com"), null, NOW, null);
        String id = new CamundaNotificationWorkflow(runtimeService).startDelivery(notification);
        return runtimeService.createProcessInstanceQuery().processInstanceId(id).singleResult();
    }

    @Test
    void aNotificationIsMailedByAJobOfItsOwnNotInTheTransactionThatRaisedIt() {
        ProcessInstance instance = startDelivery();

        assertThat(instance).as("nothing is mailed in the raising transaction").isWaitingAt("Task_SendNotification");
        assertThat(sendNotification.callCount()).isZero();

        runDueJobs();

        assertThat(instance).isEnded().hasPassedInOrder("Task_SendNotification", "EndEvent_NotificationSent");
        assertThat(sendNotification.callCount()).isEqualTo(1);
        assertThat(sendNotification.lastCall().variable(ProcessVariables.NOTIFICATION_ID)).isEqualTo(notificationId.toString());
        HistoricProcessInstance history = historyService.createHistoricProcessInstanceQuery().processInstanceId(instance.getId())
                .singleResult();
        assertThat(history.getBusinessKey()).isEqualTo(notificationId.toString());
        assertThat(history.getTenantId()).isEqualTo(TENANT_ID);
    }

    @Test
    void theSendTaskIsAsyncBeforeWithTheSmtpRetryCycle() {
        String definitionId = processEngine.getRepositoryService().createProcessDefinitionQuery()
                .processDefinitionKey(ProcessKeys.NOTIFICATION_DELIVERY).latestVersion().singleResult().getId();
        ServiceTask task = processEngine.getRepositoryService().getBpmnModelInstance(definitionId).getModelElementById(
                "Task_SendNotification");

        assertThat(task.isCamundaAsyncBefore()).isTrue();
        assertThat(task.getExtensionElements().getElementsQuery().filterByType(CamundaFailedJobRetryTimeCycle.class).singleResult()
                .getTextContent()).isEqualTo("${retryCycles.smtp}");
    }

    @Test
    void anSmtpServerThatIsDownFailsTheJobWhichIsRetriedOnTheSmtpCycleUntilTheMailGoesOut() {
        sendNotification.then(transientFault("Mail server connection failed: Connection refused"))
                .then(transientFault("Mail server connection failed: Connection refused"));
        ProcessInstance instance = startDelivery();

        assertThat(runDueJobsCollectingFailures()).hasSize(1);
        Job retry = jobAt("Task_SendNotification");
        assertThat(retry.getRetries()).as("R3: two retries left").isEqualTo(2);
        assertThat(retry.getDuedate().toInstant()).isEqualTo(NOW.plus(Duration.ofMinutes(5)));
        assertThat(retry.getExceptionMessage()).isEqualTo("Mail server connection failed: Connection refused");

        advanceClock(Duration.ofMinutes(5));
        assertThat(runDueJobsCollectingFailures()).hasSize(1);
        advanceClock(Duration.ofMinutes(5));
        runDueJobs();

        assertThat(sendNotification.callCount()).isEqualTo(3);
        assertThat(instance).isEnded().hasPassed("EndEvent_NotificationSent");
        assertThat(runtimeService.createIncidentQuery().count()).isZero();
    }

    @Test
    void anSmtpServerDownForLongerThanTheRetryCycleIsAnIncidentAndTheNotificationWaitsForAPerson() {
        sendNotification.always(transientFault("Mail server connection failed: Connection refused"));
        ProcessInstance instance = startDelivery();

        for (int attempt = 1; attempt <= 3; attempt++) {
            assertThat(runDueJobsCollectingFailures()).as("attempt " + attempt).hasSize(1);
            advanceClock(Duration.ofMinutes(5));
        }

        assertThat(sendNotification.callCount()).isEqualTo(3);
        Incident incident = runtimeService.createIncidentQuery().processInstanceId(instance.getId()).singleResult();
        assertThat(incident).isNotNull();
        assertThat(incident.getActivityId()).isEqualTo("Task_SendNotification");
        assertThat(incident.getIncidentMessage()).isEqualTo("Mail server connection failed: Connection refused");
        assertThat(instance).isNotEnded().isWaitingAt("Task_SendNotification");
    }
}
