package io.certflow.workflow;

import static io.certflow.workflow.FakeDelegate.bpmnError;
import static io.certflow.workflow.FakeDelegate.set;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.certflow.deployment.DeploymentState;

@Deployment(resources = "bpmn/CertificateDeploymentProcess.bpmn")
class CertificateDeploymentProcessTest extends ProcessTestSupport {

    @RegisterExtension
    static final ProcessEngineExtension ENGINE = ProcessEngineExtension.builder().configurationResource(ENGINE_CONFIGURATION).build();

    private static final List<String> TARGET_TASKS = List.of("Task_KeepCopy", "Task_WriteFiles", "Task_Reload", "Task_VerifyServed",
            "Task_RestoreCopy", "Task_ReloadRestored", "Task_VerifyRestored", "Task_MarkDeployed", "Task_MarkRolledBack",
            "Task_MarkDeploymentFailed");

    private final UUID deploymentId = UUID.randomUUID();

    /** Starts the process the way the application does. */
    private ProcessInstance startDeployment() {
        io.certflow.deployment.Deployment deployment = new io.certflow.deployment.Deployment(deploymentId, TENANT_ID,
                UUID.randomUUID(), UUID.randomUUID(), "web-1", DeploymentState.PENDING, null, "1a2b", "AB:CD", null, null, null,
                false, null, null, null, null, null, "alice", NOW, NOW, null);
        String id = new CamundaDeploymentWorkflow(runtimeService).startDeployment(deployment);
        return runtimeService.createProcessInstanceQuery().processInstanceId(id).singleResult();
    }

    private HistoricProcessInstance history(ProcessInstance instance) {
        return historyService.createHistoricProcessInstanceQuery().processInstanceId(instance.getId()).singleResult();
    }

    private long incidents() {
        return runtimeService.createIncidentQuery().count();
    }

    // Happy path

    @Test
    void aDeploymentKeepsACopyWritesReloadsAndEndsOnceTheEndpointServesTheNewCertificate() {
        ProcessInstance instance = startDeployment();

        assertThat(instance).as("nothing touches the target in the caller's transaction").isWaitingAt("Task_KeepCopy");
        assertThat(keepCopy.callCount()).isZero();

        runDueJobs();

        assertThat(instance).isEnded().hasPassedInOrder("Task_KeepCopy", "Task_WriteFiles", "Task_Reload", "Gateway_Reloaded",
                "Task_VerifyServed", "Gateway_Verification", "Task_MarkDeployed", "EndEvent_Deployed");
        assertThat(instance).hasNotPassed("Timer_VerifyAgain", "Task_RestoreCopy", "Task_MarkRolledBack", "Task_MarkDeploymentFailed");
        for (FakeDelegate step : List.of(keepCopy, writeFiles, reload, verifyServed, markDeployed)) {
            assertThat(step.callCount()).as(step.beanName()).isEqualTo(1);
            assertThat(step.lastCall().variable(ProcessVariables.DEPLOYMENT_ID)).isEqualTo(deploymentId.toString());
        }
        HistoricProcessInstance history = history(instance);
        assertThat(history.getBusinessKey()).isEqualTo(deploymentId.toString());
        assertThat(history.getTenantId()).isEqualTo(TENANT_ID);
        assertThat(historicVariables(instance.getId())).as("Cockpit shows where the certificate goes")
                .containsEntry(ProcessVariables.TARGET_NAME, "web-1");
    }

    @Test
    void everyStepThatTouchesTheTargetRunsAsItsOwnJobWithTheDeploymentRetryCycle() {
        var model = repositoryModel();
        for (String task : TARGET_TASKS) {
            org.camunda.bpm.model.bpmn.instance.ServiceTask element = model.getModelElementById(task);
            assertThat(element.isCamundaAsyncBefore()).as(task + " is asyncBefore").isTrue();
            assertThat(element.getExtensionElements().getElementsQuery()
                    .filterByType(org.camunda.bpm.model.bpmn.instance.camunda.CamundaFailedJobRetryTimeCycle.class)
                    .singleResult().getTextContent()).as(task).isEqualTo("${retryCycles.deployment}");
        }
    }

    private org.camunda.bpm.model.bpmn.BpmnModelInstance repositoryModel() {
        String definitionId = processEngine.getRepositoryService().createProcessDefinitionQuery()
                .processDefinitionKey(ProcessKeys.CERTIFICATE_DEPLOYMENT).latestVersion().singleResult().getId();
        return processEngine.getRepositoryService().getBpmnModelInstance(definitionId);
    }

    // The grace period

    @Test
    void anEndpointThatReloadsLateIsAskedAgainAfterTheVerifyIntervalUntilItServesTheNewCertificate() {
        verifyServed.then(set(ProcessVariables.VERIFICATION, "NOT_YET")).then(set(ProcessVariables.VERIFICATION, "NOT_YET"));
        ProcessInstance instance = startDeployment();

        runDueJobs();
        assertThat(instance).isWaitingAt("Timer_VerifyAgain");
        Job timer = jobAt("Timer_VerifyAgain");
        assertThat(timer.getDuedate().toInstant()).isEqualTo(NOW.plus(Duration.ofSeconds(10)));
        assertThat(verifyServed.callCount()).isEqualTo(1);

        advanceClock(Duration.ofSeconds(10));
        runDueJobs();
        assertThat(verifyServed.callCount()).isEqualTo(2);
        assertThat(instance).isWaitingAt("Timer_VerifyAgain");

        advanceClock(Duration.ofSeconds(10));
        runDueJobs();

        assertThat(verifyServed.callCount()).isEqualTo(3);
        assertThat(instance).isEnded().hasPassed("Task_MarkDeployed", "EndEvent_Deployed").hasNotPassed("Task_RestoreCopy");
        assertThat(writeFiles.callCount()).as("the files are written once").isEqualTo(1);
        assertThat(reload.callCount()).as("and the server reloaded once").isEqualTo(1);
    }

    @Test
    void anEndpointThatNeverServesTheNewCertificateWithinTheGracePeriodIsRolledBackWithoutAnIncident() {
        verifyServed.then(set(ProcessVariables.VERIFICATION, "NOT_YET")).then(set(ProcessVariables.VERIFICATION, "GIVEN_UP"));
        ProcessInstance instance = startDeployment();

        runDueJobs();
        advanceClock(Duration.ofSeconds(10));
        runDueJobs();

        assertThat(instance).isEnded().hasPassedInOrder("Task_VerifyServed", "Timer_VerifyAgain", "Task_VerifyServed",
                "Task_RestoreCopy", "Task_ReloadRestored", "Task_VerifyRestored", "Gateway_PreviousServed", "Task_MarkRolledBack",
                "EndEvent_RolledBack");
        assertThat(instance).hasNotPassed("Task_MarkDeployed", "EndEvent_Deployed");
        assertThat(incidents()).isZero();
        assertThat(history(instance).getEndActivityId()).as("Cockpit's history shows how it ended").isEqualTo("EndEvent_RolledBack");
    }

    // Rollback

    @Test
    void aFailedReloadPutsTheKeptCopyBackReloadsAgainAndEndsRolledBack() {
        reload.then(set(ProcessVariables.RELOAD_SUCCEEDED, false));
        ProcessInstance instance = startDeployment();

        runDueJobs();

        assertThat(instance).isEnded().hasPassedInOrder("Task_Reload", "Gateway_Reloaded", "Task_RestoreCopy", "Task_ReloadRestored",
                "Task_VerifyRestored", "Task_MarkRolledBack", "EndEvent_RolledBack");
        assertThat(verifyServed.callCount()).as("a failed reload is not verified").isZero();
        assertThat(markDeployed.callCount()).isZero();
        assertThat(incidents()).isZero();
    }

    @Test
    void aRollbackWaitsForTheServerToServeThePreviousCertificateAgain() {
        reload.then(set(ProcessVariables.RELOAD_SUCCEEDED, false));
        verifyRestored.then(set(ProcessVariables.PREVIOUS_SERVED, false));
        ProcessInstance instance = startDeployment();

        runDueJobs();
        assertThat(instance).isWaitingAt("Timer_VerifyRestoredAgain");
        assertThat(markRolledBack.callCount()).isZero();

        advanceClock(Duration.ofSeconds(10));
        runDueJobs();

        assertThat(verifyRestored.callCount()).isEqualTo(2);
        assertThat(restoreCopy.callCount()).as("the copy is put back once").isEqualTo(1);
        assertThat(instance).isEnded().hasPassed("EndEvent_RolledBack");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Task_WriteFiles", "Task_Reload"})
    void aTargetThatRefusesTheWriteOrTheReloadIsRolledBackWithTheReason(String refusingTask) {
        FakeDelegate refusing = refusingTask.equals("Task_WriteFiles") ? writeFiles : reload;
        refusing.then(bpmnError(ErrorCodes.DEPLOYMENT_REFUSED, "The host key of web-1.test changed"));
        ProcessInstance instance = startDeployment();

        runDueJobs();

        assertThat(instance).isEnded().hasPassedInOrder(refusingTask, "Task_RecordRefusal", "Task_RestoreCopy", "Task_ReloadRestored",
                "Task_VerifyRestored", "Task_MarkRolledBack", "EndEvent_RolledBack");
        assertThat(recordRefusal.lastCall().variable(ProcessVariables.FAILURE_REASON)).isEqualTo("The host key of web-1.test changed");
        assertThat(incidents()).isZero();
    }

    @Test
    void aTargetThatRefusesBeforeAnythingIsWrittenEndsFailedWithTheReasonAndIsNotRolledBack() {
        keepCopy.then(bpmnError(ErrorCodes.DEPLOYMENT_REFUSED, "certificatePath: leads out of the allowed directories"));
        ProcessInstance instance = startDeployment();

        runDueJobs();

        assertThat(instance).isEnded().hasPassedInOrder("Task_KeepCopy", "Task_MarkDeploymentFailed", "EndEvent_DeploymentFailed");
        assertThat(markDeploymentFailed.lastCall().variable(ProcessVariables.FAILURE_REASON))
                .isEqualTo("certificatePath: leads out of the allowed directories");
        assertThat(writeFiles.callCount()).isZero();
        assertThat(restoreCopy.callCount()).isZero();
    }

    @Test
    void aRollbackThatCannotRestoreTheFilesIsAnIncidentAndTheDeploymentWaitsForAPerson() {
        reload.then(set(ProcessVariables.RELOAD_SUCCEEDED, false));
        restoreCopy.always(transientFault("Cannot write /srv/tls/web.pem: No space left on device"));
        ProcessInstance instance = startDeployment();

        for (int attempt = 1; attempt <= 3; attempt++) {
            assertThat(runDueJobsCollectingFailures()).as("attempt " + attempt).hasSize(1);
            advanceClock(Duration.ofMinutes(2));
        }

        assertThat(restoreCopy.callCount()).isEqualTo(3);
        Incident incident = runtimeService.createIncidentQuery().processInstanceId(instance.getId()).singleResult();
        assertThat(incident).isNotNull();
        assertThat(incident.getActivityId()).isEqualTo("Task_RestoreCopy");
        assertThat(incident.getIncidentMessage()).isEqualTo("Cannot write /srv/tls/web.pem: No space left on device");
        assertThat(instance).isNotEnded().isWaitingAt("Task_RestoreCopy");
        assertThat(markRolledBack.callCount()).isZero();
    }

    @Test
    void aFaultWhileWritingIsRetriedOnTheDeploymentCycleAndTheDeploymentGoesOnOnceItPasses() {
        writeFiles.then(transientFault("Cannot write: Permission denied"));
        ProcessInstance instance = startDeployment();

        assertThat(runDueJobsCollectingFailures()).hasSize(1);
        Job retry = jobAt("Task_WriteFiles");
        assertThat(retry.getRetries()).isEqualTo(2);
        assertThat(retry.getDuedate().toInstant()).isEqualTo(NOW.plus(Duration.ofMinutes(2)));

        advanceClock(Duration.ofMinutes(2));
        runDueJobs();

        assertThat(keepCopy.callCount()).as("the copy is kept before the first write, once").isEqualTo(1);
        assertThat(writeFiles.callCount()).isEqualTo(2);
        assertThat(instance).isEnded().hasPassed("EndEvent_Deployed");
    }
}
