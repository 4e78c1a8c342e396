package io.certflow.workflow;

import static io.certflow.workflow.FakeDelegate.set;
import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.certflow.renewal.Renewal;
import io.certflow.renewal.RenewalRun;
import io.certflow.renewal.RenewalState;

@Deployment(resources = {"bpmn/AutoRenewalRunProcess.bpmn", "bpmn/CertificateRenewalProcess.bpmn",
        "bpmn/CertificateIssuanceProcess.bpmn", "bpmn/DomainValidationProcess.bpmn", "bpmn/CertificateDeploymentProcess.bpmn",
        "forms/approve-certificate-request.form", "forms/accept-terms.form"})
class RenewalProcessTest extends ProcessTestSupport {

    @RegisterExtension
    static final ProcessEngineExtension ENGINE = ProcessEngineExtension.builder().configurationResource(ENGINE_CONFIGURATION).build();

    private final UUID certificateId = UUID.randomUUID();
    private final UUID successorId = UUID.randomUUID();

    private CamundaRenewalWorkflow workflow() {
        return new CamundaRenewalWorkflow(runtimeService, managementService);
    }

    private ProcessInstance startRun() {
        String id = workflow().startRun(new RenewalRun(UUID.randomUUID(), TENANT_ID, "RUN_NOW", "alice", NOW, null, 0, 0, 0, 0, null, false, null,
                null));
        return runtimeService.createProcessInstanceQuery().processInstanceId(id).singleResult();
    }

    private ProcessInstance startRenewal() {
        return startRenewal(NOW);
    }

    private ProcessInstance startRenewal(java.time.Instant beginsAt) {
        String id = workflow().startRenewal(new Renewal(UUID.randomUUID(), TENANT_ID, certificateId, null, null, null, RenewalState.ISSUING,
                null, null, NOW, NOW, null), beginsAt);
        return runtimeService.createProcessInstanceQuery().processInstanceId(id).singleResult();
    }

    /** The successor as Task_PrepareSuccessor hands it to the issuance. */
    private FakeDelegate.Step successorToIssue() {
        return set(ProcessVariables.SUCCESSOR_ID, successorId.toString())
                .and(set(ProcessVariables.SUCCESSOR_REQUEST_ID, UUID.randomUUID().toString()))
                .and(set(ProcessVariables.ISSUER_ID, UUID.randomUUID().toString()))
                .and(set(ProcessVariables.DOMAINS, "www.example.test"))
                .and(set(ProcessVariables.SUCCESSOR_ISSUED_ALREADY, false));
    }

    // Runs

    @Test
    void theDailyTimerIsScheduledFromTheConfiguredCronAndStartsTheTenantsRuns() {
        warnOfExpiries.then(set(ProcessVariables.MORE_EXPIRIES, true));
        Job timer = managementService.createJobQuery().processDefinitionKey(ProcessKeys.AUTO_RENEWAL_RUN).timers().singleResult();
        assertThat(timer).as("a timer exists as soon as the process is deployed").isNotNull();
        assertThat(timer.getDuedate().toInstant()).isEqualTo(NOW.atZone(ZoneOffset.systemDefault()).toLocalDate()
                .atTime(3, 0).atZone(ZoneOffset.systemDefault()).toInstant().plus(NOW.atZone(ZoneOffset.systemDefault()).getHour() >= 3
                        ? java.time.Duration.ofDays(1) : java.time.Duration.ZERO));

        advanceClock(java.time.Duration.between(NOW, timer.getDuedate().toInstant()));
        runDueJobs();

        assertThat(startScheduledRuns.callCount()).isEqualTo(1);
        assertThat(warnOfExpiries.callCount()).as("and then the expiry warnings, page by page").isEqualTo(2);
        HistoricProcessInstance fired = historyService.createHistoricProcessInstanceQuery()
                .processDefinitionKey(ProcessKeys.AUTO_RENEWAL_RUN).singleResult();
        assertThat(fired.getStartActivityId()).isEqualTo("StartEvent_Daily");
        assertThat(fired.getEndActivityId()).isEqualTo("EndEvent_ScheduledRunsStarted");
        Job next = managementService.createJobQuery().processDefinitionKey(ProcessKeys.AUTO_RENEWAL_RUN).timers().singleResult();
        assertThat(next.getDuedate()).as("the next day's run is scheduled").isAfter(timer.getDuedate());
    }

    @Test
    void aRunGoesThroughThePagesEachAsAJobOfItsOwnAndThenFinishes() {
        startDueRenewals.then(set(ProcessVariables.MORE_PAGES, true)).then(set(ProcessVariables.MORE_PAGES, true));
        ProcessInstance run = startRun();

        assertThat(run).as("nothing runs in the caller's transaction").isWaitingAt("Task_StartDueRenewals");
        runDueJobs();

        assertThat(run).isEnded().hasPassed("Task_FinishRun", "EndEvent_RunFinished");
        assertThat(startDueRenewals.callCount()).isEqualTo(3);
        assertThat(finishRun.callCount()).isEqualTo(1);
        assertThat(startScheduledRuns.callCount()).isZero();
    }

    @Test
    void aRunWithNothingDueFinishesAfterOnePage() {
        ProcessInstance run = startRun();

        runDueJobs();

        assertThat(run).isEnded().hasPassedInOrder("Task_StartDueRenewals", "Task_FinishRun", "EndEvent_RunFinished");
        assertThat(startDueRenewals.callCount()).isEqualTo(1);
    }

    // Renewals

    @Test
    void aRenewalIssuesTheSuccessorThroughTheIssuanceProcessDeploysItAndSupersedesTheCertificate() {
        prepareSuccessor.then(successorToIssue());
        renewals.deployments("d-1", "d-2");
        ProcessInstance renewal = startRenewal();

        runDueJobs();

        assertThat(renewal).isEnded().hasPassedInOrder("Task_PrepareSuccessor", "CallActivity_IssueSuccessor", "Task_CheckSuccessor",
                "Task_PrepareRedeployments", "CallActivity_Redeploy", "Task_CheckRedeployments", "Task_Supersede", "EndEvent_Renewed");
        HistoricProcessInstance issuance = historyService.createHistoricProcessInstanceQuery().superProcessInstanceId(renewal.getId())
                .processDefinitionKey(ProcessKeys.CERTIFICATE_ISSUANCE).singleResult();
        assertThat(issuance.getBusinessKey()).isEqualTo(successorId.toString());
        assertThat(issuance.getEndActivityId()).isEqualTo("EndEvent_CertificateIssued");
        assertThat(finalizeOrder.lastCall().variable(ProcessVariables.CERTIFICATE_ID)).as("the issuance issues the successor")
                .isEqualTo(successorId.toString());
        List<HistoricProcessInstance> deployments = historyService.createHistoricProcessInstanceQuery()
                .superProcessInstanceId(renewal.getId()).processDefinitionKey(ProcessKeys.CERTIFICATE_DEPLOYMENT).list();
        assertThat(deployments).extracting(HistoricProcessInstance::getBusinessKey).containsExactlyInAnyOrder("d-1", "d-2");
        assertThat(markDeployed.calls()).extracting(call -> call.variable(ProcessVariables.CERTIFICATE_ID))
                .containsOnly(successorId.toString());
        assertThat(supersede.callCount()).isEqualTo(1);
        assertThat(historyService.createHistoricProcessInstanceQuery().processInstanceId(renewal.getId()).singleResult()
                .getBusinessKey()).isEqualTo(certificateId.toString());
    }

    @Test
    void aSuccessorIssuedByAnEarlierRenewalIsOnlyDeployedNotOrderedAgain() {
        prepareSuccessor.then(set(ProcessVariables.SUCCESSOR_ID, successorId.toString())
                .and(set(ProcessVariables.SUCCESSOR_ISSUED_ALREADY, true)));
        renewals.deployments("d-1");
        ProcessInstance renewal = startRenewal();

        runDueJobs();

        assertThat(renewal).isEnded().hasPassed("CallActivity_Redeploy", "Task_Supersede").hasNotPassed("CallActivity_IssueSuccessor");
        assertThat(placeOrder.callCount()).isZero();
    }

    @Test
    void aSuccessorThatWasNotIssuedFailsTheRenewalAndLeavesTheCertificate() {
        prepareSuccessor.then(successorToIssue());
        checkSuccessor.then(set(ProcessVariables.SUCCESSOR_ISSUED, false));
        ProcessInstance renewal = startRenewal();

        runDueJobs();

        assertThat(renewal).isEnded().hasPassedInOrder("Task_CheckSuccessor", "Task_RecordRenewalFailure", "EndEvent_RenewalFailed")
                .hasNotPassed("Task_PrepareRedeployments", "Task_Supersede");
        assertThat(supersede.callCount()).isZero();
    }

    @Test
    void aDeploymentThatDidNotSucceedFailsTheRenewalAndTheCertificateIsNotSuperseded() {
        prepareSuccessor.then(successorToIssue());
        renewals.deployments("d-1");
        checkRedeployments.then(set(ProcessVariables.REDEPLOYED, false));
        ProcessInstance renewal = startRenewal();

        runDueJobs();

        assertThat(renewal).isEnded().hasPassed("CallActivity_Redeploy", "Task_RecordRenewalFailure", "EndEvent_RenewalFailed")
                .hasNotPassed("Task_Supersede");
        assertThat(supersede.callCount()).isZero();
    }

    @Test
    void aRenewalStartedWhileItsRunStillPagesBeginsItsWorkOnlyAtTheTimeTheRunGaveIt() {
        prepareSuccessor.then(successorToIssue());
        ProcessInstance renewal = startRenewal(NOW.plusSeconds(30));

        runDueJobs();
        assertThat(renewal).isWaitingAt("Timer_Begin");
        assertThat(prepareSuccessor.callCount()).isZero();

        advanceClock(java.time.Duration.ofSeconds(30));
        runDueJobs();
        assertThat(renewal).isEnded().hasPassedInOrder("Timer_Begin", "Task_PrepareSuccessor", "Task_Supersede", "EndEvent_Renewed");
    }

    @Test
    void aTransientFaultWhilePreparingTheSuccessorIsRetriedOnTheCasRetryCycle() {
        prepareSuccessor.then(FakeDelegate.transientFault("Connection refused: db.test")).then(successorToIssue());
        ProcessInstance renewal = startRenewal();

        assertThat(runDueJobsCollectingFailures()).hasSize(1);
        Job retry = jobAt("Timer_Begin");
        assertThat(retry.getRetries()).as("retries left after the first attempt of R3").isEqualTo(2);
        assertThat(retry.getDuedate().toInstant()).isEqualTo(NOW.plus(java.time.Duration.ofMinutes(1)));
        assertThat(runtimeService.createIncidentQuery().count()).isZero();

        advanceClock(java.time.Duration.ofMinutes(1));
        runDueJobs();
        assertThat(prepareSuccessor.callCount()).isEqualTo(2);
        assertThat(renewal).isEnded().hasPassed("Task_Supersede", "EndEvent_Renewed");
    }

    @Test
    void withoutTargetsToProvisionTheSuccessorTakesThePlaceAtOnce() {
        prepareSuccessor.then(successorToIssue());
        ProcessInstance renewal = startRenewal();

        runDueJobs();

        assertThat(renewal).isEnded().hasPassed("Task_Supersede", "EndEvent_Renewed");
        assertThat(keepCopy.callCount()).isZero();
    }
}
