package io.certflow.workflow;

import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

import static io.certflow.workflow.FakeDelegate.bpmnError;
import static io.certflow.workflow.FakeDelegate.set;
import static io.certflow.workflow.FakeDelegate.transientFault;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.Deployment;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.certflow.error.TransientFault;
import io.certflow.workflow.FakeDelegate.Call;

@Deployment(resources = {"bpmn/CertificateIssuanceProcess.bpmn", "bpmn/DomainValidationProcess.bpmn",
        "forms/approve-certificate-request.form", "forms/accept-terms.form"})
class CertificateIssuanceProcessTest extends ProcessTestSupport {

    @RegisterExtension
    static final ProcessEngineExtension ENGINE = ProcessEngineExtension.builder().configurationResource(ENGINE_CONFIGURATION).build();

    private static final String AUTH_A = "0b6f4d4e-0000-4000-8000-00000000000a";
    private static final String AUTH_B = "0b6f4d4e-0000-4000-8000-00000000000b";
    private static final String TERMS_URL = "https://ca.test/terms/v2";

    private final UUID requestId = UUID.randomUUID();
    private final UUID certificateId = UUID.randomUUID();
    private final UUID issuerId = UUID.randomUUID();

    private CamundaIssuanceWorkflow workflow;

    @BeforeEach
    void setUpWorkflow() {
        workflow = new CamundaIssuanceWorkflow(runtimeService, taskService);
        issuance.authorizations(AUTH_A);
    }

    /** Starts the process the way the application does. */
    private ProcessInstance startIssuance() {
        String id = workflow.startIssuance(requestId, certificateId, issuerId, TENANT_ID, List.of("a.test", "b.test"));
        return runtimeService.createProcessInstanceQuery().processInstanceId(id).singleResult();
    }

    private List<HistoricProcessInstance> validations(ProcessInstance issuanceInstance) {
        return historyService.createHistoricProcessInstanceQuery().superProcessInstanceId(issuanceInstance.getId()).list();
    }

    private void completeAs(String userId, Task task, Map<String, Object> variables) {
        as(userId, () -> taskService.complete(task.getId(), variables));
    }

    private String deployedForm(Task task) throws IOException {
        try (InputStream form = processEngine.getFormService().getDeployedTaskForm(task.getId())) {
            return new String(form.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    // Happy path

    @Test
    void aRequestWithoutApprovalIsIssuedAfterOneDomainValidationPerAuthorization() {
        issuance.authorizations(AUTH_A, AUTH_B);

        ProcessInstance instance = startIssuance();

        assertThat(instance).hasPassed("Task_CheckRequest").isWaitingAt("Task_PlaceOrder");
        assertThat(checkRequest.lastCall().variable(ProcessVariables.CERTIFICATE_REQUEST_ID)).isEqualTo(requestId.toString());

        runDueJobs();

        assertThat(instance).isEnded().hasPassedInOrder("Task_CheckRequest", "Task_PlaceOrder", "CallActivity_ValidateDomains",
                "Task_GenerateKey", "Task_FinalizeOrder", "Gateway_CertificateStored", "EndEvent_IssueDone", "EndEvent_CertificateIssued");
        assertThat(instance).hasNotPassed("UserTask_ApproveRequest", "UserTask_AcceptTerms", "Timer_PendingQueue",
                "Task_MarkFailed", "EndEvent_Failed");
        assertThat(issuance.authorizationsAskedFor()).isNotEmpty().containsOnly(requestId.toString());

        List<HistoricProcessInstance> validations = validations(instance);
        assertThat(validations).hasSize(2).allSatisfy(validation -> {
            assertThat(validation.getProcessDefinitionKey()).isEqualTo(ProcessKeys.DOMAIN_VALIDATION);
            assertThat(validation.getEndActivityId()).isEqualTo("EndEvent_DomainValidated");
            assertThat(validation.getTenantId()).isEqualTo(TENANT_ID);
        });
        assertThat(presentChallenge.calls()).extracting(call -> call.variable(ProcessVariables.AUTHORIZATION_ID))
                .containsExactlyInAnyOrder(AUTH_A, AUTH_B);
        assertThat(presentChallenge.calls()).allSatisfy(call -> {
            assertThat(call.variable(ProcessVariables.CERTIFICATE_REQUEST_ID)).isEqualTo(requestId.toString());
            assertThat(call.variable(ProcessVariables.TENANT_ID)).isEqualTo(TENANT_ID);
        });
        assertThat(cleanUpChallenge.calls()).extracting(call -> call.variable(ProcessVariables.AUTHORIZATION_ID))
                .containsExactlyInAnyOrder(AUTH_A, AUTH_B);

        assertThat(generateKey.callCount()).isEqualTo(1);
        assertThat(finalizeOrder.callCount()).isEqualTo(1);
        assertThat(finalizeOrder.lastCall().variable(ProcessVariables.CERTIFICATE_REQUEST_ID)).isEqualTo(requestId.toString());
        assertThat(checkOrder.callCount()).as("a certificate stored while finalizing skips the pending queue").isZero();
        assertThat(markFailed.callCount()).isZero();
        assertThat(instance.getTenantId()).isEqualTo(TENANT_ID);
        assertThat(instance.getBusinessKey()).isEqualTo(certificateId.toString());
    }

    // Approval

    @Test
    void aRequestThatNeedsApprovalIsIssuedOnceApprovedAndRecordsWhoApproved() throws IOException {
        checkRequest.then(set(ProcessVariables.APPROVAL_REQUIRED, true));

        ProcessInstance instance = startIssuance();

        assertThat(instance).isWaitingAt("UserTask_ApproveRequest");
        assertThat(task(instance)).hasCandidateGroup("certflow-admins").hasCandidateGroup("camunda-admin");
        assertThat(taskService.getVariable(task(instance).getId(), ProcessVariables.DOMAINS)).isEqualTo("a.test, b.test");
        assertThat(deployedForm(task(instance))).contains("\"key\": \"approved\"", "\"key\": \"rejectionReason\"");
        assertThat(placeOrder.callCount()).as("no order before the approval").isZero();

        completeAs("alice", task(instance), Map.of(ProcessVariables.APPROVED, true));

        Call decision = recordDecision.lastCall();
        assertThat(decision.variable(ProcessVariables.APPROVED)).isEqualTo(true);
        assertThat(decision.variable(ProcessVariables.COMPLETED_BY)).isEqualTo("alice");
        assertThat(instance).isWaitingAt("Task_PlaceOrder");

        runDueJobs();

        assertThat(instance).isEnded()
                .hasPassedInOrder("UserTask_ApproveRequest", "Task_RecordDecision", "Task_PlaceOrder", "EndEvent_CertificateIssued")
                .hasNotPassed("EndEvent_Rejected", "Task_MarkFailed");
        assertThat(finalizeOrder.callCount()).isEqualTo(1);
        assertThat(historicVariables(instance.getId())).containsEntry(ProcessVariables.COMPLETED_BY, "alice");
    }

    @Test
    void aRejectedRequestEndsWithoutAnOrderAndRecordsTheReason() {
        checkRequest.then(set(ProcessVariables.APPROVAL_REQUIRED, true));
        ProcessInstance instance = startIssuance();

        completeAs("bob", task(instance), Map.of(ProcessVariables.APPROVED, false,
                ProcessVariables.REJECTION_REASON, "Not one of our domains"));

        assertThat(instance).isEnded().hasPassedInOrder("UserTask_ApproveRequest", "Task_RecordDecision", "EndEvent_Rejected")
                .hasNotPassed("SubProcess_Issue", "Task_PlaceOrder", "Task_MarkFailed");
        Call decision = recordDecision.lastCall();
        assertThat(decision.variable(ProcessVariables.APPROVED)).isEqualTo(false);
        assertThat(decision.variable(ProcessVariables.REJECTION_REASON)).isEqualTo("Not one of our domains");
        assertThat(decision.variable(ProcessVariables.COMPLETED_BY)).isEqualTo("bob");
        assertThat(placeOrder.callCount()).isZero();
        assertThat(markFailed.callCount()).as("RecordDecision itself fails a rejected certificate").isZero();
    }

    // Business failures

    @Test
    void anInvalidChallengeIsCleanedUpAndFailsTheCertificateWithTheCasDetail() {
        String detail = "Validation of a.test failed: urn:ietf:params:acme:error:unauthorized: "
                + "Invalid response from http://a.test/.well-known/acme-challenge/tok: 404";
        triggerChallenge.then(bpmnError(ErrorCodes.VALIDATION_FAILED, detail));

        ProcessInstance instance = startIssuance();
        runDueJobs();

        List<HistoricProcessInstance> validations = validations(instance);
        assertThat(validations).hasSize(1);
        assertThat(finishedActivities(validations.get(0).getId())).containsSubsequence("Task_TriggerChallenge",
                "BoundaryEvent_ValidationFailed", "Task_CleanUpAfterFailure", "EndEvent_ValidationFailed");
        Call cleanUp = cleanUpChallenge.lastCall();
        assertThat(cleanUp.activityId()).isEqualTo("Task_CleanUpAfterFailure");
        assertThat(cleanUp.variable(ProcessVariables.AUTHORIZATION_ID)).isEqualTo(AUTH_A);

        assertThat(instance).isEnded()
                .hasPassedInOrder("CallActivity_ValidateDomains", "BoundaryEvent_IssuanceFailed", "Task_MarkFailed", "EndEvent_Failed")
                .hasNotPassed("Task_GenerateKey", "Task_FinalizeOrder", "EndEvent_IssueDone", "EndEvent_CertificateIssued");
        Call failed = markFailed.lastCall();
        assertThat(failed.variable(ProcessVariables.FAILURE_REASON)).as("failureReason seen by Task_MarkFailed").isEqualTo(detail);
        assertThat(failed.variable(ProcessVariables.FAILURE_CODE)).isEqualTo(ErrorCodes.VALIDATION_FAILED);
        assertThat(failed.variable(ProcessVariables.CERTIFICATE_REQUEST_ID)).isEqualTo(requestId.toString());
        assertThat(generateKey.callCount()).isZero();
    }

    @Test
    void aValidationThatFailsOnceIsFollowedByAFreshOrderAndTheCertificateIsIssued() {
        // E.g. the CA connected while Certflow was restarting: the first order's challenge is invalid.
        triggerChallenge.then(bpmnError(ErrorCodes.VALIDATION_FAILED, "Validation of a.test failed: connection refused"));
        prepareNewOrder.then(set(ProcessVariables.ORDER_AGAIN, true));

        ProcessInstance instance = startIssuance();
        runDueJobs();

        assertThat(instance).isEnded()
                .hasPassedInOrder("Task_PlaceOrder", "BoundaryEvent_ValidationFailed", "Task_PrepareNewOrder",
                        "Task_PlaceOrder", "Task_FinalizeOrder", "EndEvent_CertificateIssued")
                .hasNotPassed("Task_MarkFailed");
        assertThat(placeOrder.callCount()).isEqualTo(2);
        assertThat(validations(instance)).hasSize(2);
        assertThat(cleanUpChallenge.calls()).extracting(FakeDelegate.Call::activityId)
                .containsExactly("Task_CleanUpAfterFailure", "Task_CleanUpLocally");
    }

    @Test
    void aRequestFoundInvalidWhenCheckedFailsTheCertificateWithTheReason() {
        checkRequest.then(bpmnError(ErrorCodes.REQUEST_INVALID, "The issuer of this request was deleted"));

        // The request fails while it is being started, so the instance has already ended when the start returns.
        String id = workflow.startIssuance(requestId, certificateId, issuerId, TENANT_ID, List.of("a.test"));

        assertThat(runtimeService.createProcessInstanceQuery().processInstanceId(id).count()).isZero();
        assertThat(finishedActivities(id)).containsSubsequence("Task_CheckRequest", "BoundaryEvent_RequestInvalid",
                "Task_MarkFailed", "EndEvent_Failed").doesNotContain("Task_PlaceOrder");
        assertThat(markFailed.lastCall().variable(ProcessVariables.FAILURE_REASON)).isEqualTo("The issuer of this request was deleted");
    }

    @Test
    void anIssuerWithACaaIdentityHasEveryNameCheckedAgainstCaaBeforeTheOrder() {
        issuance.caaPreflight(true).authorizations(AUTH_A);

        ProcessInstance instance = startIssuance();
        assertThat(instance).isWaitingAt("Task_PreflightCaa");
        assertThat(jobAt("Task_PreflightCaa").getRetries()).as("a DNS task, retried by the engine").isEqualTo(2);
        runDueJobs();

        assertThat(instance).isEnded().hasPassedInOrder("Gateway_CaaPreflightNeeded", "Task_PreflightCaa", "Task_PlaceOrder",
                "Task_FinalizeOrder", "EndEvent_CertificateIssued");
        assertThat(preflightCaa.lastCall().variable(ProcessVariables.CERTIFICATE_REQUEST_ID)).isEqualTo(requestId.toString());
    }

    @Test
    void anIssuerWithoutACaaIdentityOrdersWithoutTheCaaPreflight() {
        issuance.caaPreflight(false).authorizations(AUTH_A);

        ProcessInstance instance = startIssuance();
        runDueJobs();

        assertThat(instance).isEnded().hasPassed("Task_PlaceOrder", "EndEvent_CertificateIssued").hasNotPassed("Task_PreflightCaa");
        assertThat(preflightCaa.callCount()).isZero();
    }

    @Test
    void aCaaRecordThatForbidsTheIssuerFailsTheCertificateBeforeAnyOrderNamingTheRecord() {
        String detail = "CAA forbids pebble (CAA identity pebble.test) to issue for a.test: the relevant record set is"
                + " [test. CAA 0 issue \"other-ca.example\"]";
        issuance.caaPreflight(true).authorizations(AUTH_A);
        preflightCaa.then(bpmnError(ErrorCodes.CAA_FORBIDDEN, detail));

        ProcessInstance instance = startIssuance();
        runDueJobs();

        assertThat(instance).isEnded().hasPassedInOrder("Task_PreflightCaa", "BoundaryEvent_IssuanceFailed", "Task_MarkFailed",
                "EndEvent_Failed").hasNotPassed("Task_PlaceOrder", "CallActivity_ValidateDomains");
        assertThat(placeOrder.callCount()).as("no order placed").isZero();
        assertThat(markFailed.lastCall().variable(ProcessVariables.FAILURE_CODE)).isEqualTo(ErrorCodes.CAA_FORBIDDEN);
        assertThat(markFailed.lastCall().variable(ProcessVariables.FAILURE_REASON)).isEqualTo(detail);
    }

    @Test
    void anOrderTheCaDeclaresInvalidFailsTheCertificateWithTheCasDetail() {
        String detail = "The order is invalid: urn:ietf:params:acme:error:badCSR: key too small";
        finalizeOrder.then(set(ProcessVariables.CERTIFICATE_STORED, false));
        checkOrder.then(bpmnError(ErrorCodes.ORDER_INVALID, detail));
        issuance.intervals("PT5M");

        ProcessInstance instance = startIssuance();
        runDueJobs();
        advanceClock(Duration.ofMinutes(5));
        runDueJobs();

        assertThat(instance).isEnded().hasPassedInOrder("Task_FinalizeOrder", "Timer_PendingQueue", "Task_CheckOrder", "Task_MarkFailed", "EndEvent_Failed")
                .hasNotPassed("EndEvent_IssueDone", "EndEvent_CertificateIssued");
        assertThat(markFailed.lastCall().variable(ProcessVariables.FAILURE_REASON)).isEqualTo(detail);
        assertThat(markFailed.lastCall().variable(ProcessVariables.FAILURE_CODE)).isEqualTo(ErrorCodes.ORDER_INVALID);
    }

    @Test
    void aNameTheCaRejectsWhenOrderingFailsTheCertificateBeforeAnyValidation() {
        String detail = "urn:ietf:params:acme:error:rejectedIdentifier: The ACME server refuses to issue for a.test";
        placeOrder.then(bpmnError(ErrorCodes.IDENTIFIER_REJECTED, detail));

        ProcessInstance instance = startIssuance();
        runDueJobs();

        assertThat(instance).isEnded().hasPassedInOrder("Task_PlaceOrder", "Task_MarkFailed", "EndEvent_Failed")
                .hasNotPassed("CallActivity_ValidateDomains", "EndEvent_CertificateIssued");
        assertThat(markFailed.callCount()).isEqualTo(1);
        assertThat(markFailed.lastCall().variable(ProcessVariables.FAILURE_REASON)).isEqualTo(detail);
        assertThat(markFailed.lastCall().variable(ProcessVariables.FAILURE_CODE)).isEqualTo(ErrorCodes.IDENTIFIER_REJECTED);
        assertThat(validations(instance)).isEmpty();
        assertThat(presentChallenge.callCount()).isZero();
    }

    // Transient faults

    @Test
    void aTransientFaultWhenOrderingIsRetriedLaterAndTheCertificateIsIssued() {
        placeOrder.then(transientFault("Connection refused: ca.test"));
        ProcessInstance instance = startIssuance();

        assertThatThrownBy(() -> execute(job("Task_PlaceOrder", instance))).hasMessageContaining("Connection refused");

        Job retry = jobAt("Task_PlaceOrder");
        assertThat(retry.getRetries()).as("retries left after the first attempt of R3").isEqualTo(2);
        assertThat(retry.getDuedate().toInstant()).isEqualTo(NOW.plus(Duration.ofMinutes(1)));
        assertThat(retry.getExceptionMessage()).isEqualTo("Connection refused: ca.test");
        assertThat(runtimeService.createIncidentQuery().count()).isZero();
        assertThat(instance).isWaitingAt("Task_PlaceOrder");
        assertThat(markFailed.callCount()).isZero();

        runDueJobs();
        assertThat(placeOrder.callCount()).as("not retried before its due date").isEqualTo(1);

        advanceClock(Duration.ofMinutes(1));
        runDueJobs();

        assertThat(placeOrder.callCount()).isEqualTo(2);
        assertThat(instance).isEnded().hasPassed("EndEvent_CertificateIssued").hasNotPassed("Task_MarkFailed");
    }

    // Deployment once issued

    @Test
    void aRequestThatNamedTargetsStartsItsDeploymentsOnceTheCertificateIsStored() {
        issuance.deployRequested(true);
        ProcessInstance instance = startIssuance();

        runDueJobs();

        assertThat(instance).isEnded().hasPassedInOrder("EndEvent_IssueDone", "Gateway_DeployRequested", "Task_StartDeployments",
                "EndEvent_CertificateIssued");
        assertThat(startDeployments.callCount()).isEqualTo(1);
        assertThat(startDeployments.lastCall().variable(ProcessVariables.CERTIFICATE_ID)).isEqualTo(certificateId.toString());
    }

    @Test
    void aRequestWithoutTargetsEndsIssuedWithoutStartingDeployments() {
        ProcessInstance instance = startIssuance();

        runDueJobs();

        assertThat(instance).isEnded().hasPassed("EndEvent_CertificateIssued").hasNotPassed("Task_StartDeployments");
        assertThat(startDeployments.callCount()).isZero();
    }

    @Test
    void aFailedIssuanceStartsNoDeployment() {
        issuance.deployRequested(true);
        finalizeOrder.then(bpmnError(ErrorCodes.ORDER_INVALID, "The CA refused the CSR"));
        ProcessInstance instance = startIssuance();

        runDueJobs();

        assertThat(instance).isEnded().hasPassed("EndEvent_Failed").hasNotPassed("Task_StartDeployments");
        assertThat(startDeployments.callCount()).isZero();
    }

    @Test
    void aCaThatStaysUnreachableRaisesAnIncidentAtPlaceOrderAndTheRequestWaitsThere() {
        placeOrder.then(transientFault("Connection refused: ca.test"))
                .then(transientFault("Connection refused: ca.test"))
                .then(transientFault("Connection refused: ca.test"));
        ProcessInstance instance = startIssuance();

        for (int attempt = 1; attempt <= 3; attempt++) {
            assertThat(runDueJobsCollectingFailures()).as("attempt " + attempt).hasSize(1);
            advanceClock(Duration.ofMinutes(1));
        }

        assertThat(placeOrder.callCount()).isEqualTo(3);
        Job job = jobAt("Task_PlaceOrder");
        assertThat(job.getRetries()).isZero();
        Incident incident = runtimeService.createIncidentQuery().processInstanceId(instance.getId()).singleResult();
        assertThat(incident).isNotNull();
        assertThat(incident.getActivityId()).isEqualTo("Task_PlaceOrder");
        assertThat(incident.getIncidentType()).isEqualTo(Incident.FAILED_JOB_HANDLER_TYPE);
        assertThat(incident.getIncidentMessage()).isEqualTo("Connection refused: ca.test");
        assertThat(instance).isNotEnded().isWaitingAt("Task_PlaceOrder").hasNotPassed("Task_MarkFailed");
        assertThat(markFailed.callCount()).isZero();

        // An operator retries once the CA is back: the request goes on.
        managementService.setJobRetries(job.getId(), 1);
        runDueJobs();

        assertThat(placeOrder.callCount()).isEqualTo(4);
        assertThat(instance).isEnded().hasPassed("EndEvent_CertificateIssued");
    }

    @Test
    void aRateLimitedCaIsNotAskedAgainBeforeItsRetryAfter() {
        Instant retryAfter = NOW.plus(Duration.ofMinutes(10));
        placeOrder.then(execution -> {
            throw new TransientFault("rate limited", null, retryAfter);
        });
        ProcessInstance instance = startIssuance();

        assertThat(runDueJobsCollectingFailures()).hasSize(1);

        Job retry = jobAt("Task_PlaceOrder");
        assertThat(retry.getRetries()).isEqualTo(2);
        assertThat(retry.getDuedate().toInstant()).isEqualTo(retryAfter);

        advanceClock(Duration.ofMinutes(9));
        runDueJobs();
        assertThat(placeOrder.callCount()).isEqualTo(1);

        advanceClock(Duration.ofMinutes(1));
        runDueJobs();
        assertThat(placeOrder.callCount()).isEqualTo(2);
        assertThat(instance).isEnded().hasPassed("EndEvent_CertificateIssued");
    }

    // Pending queue

    @ParameterizedTest(name = "interval {0}")
    @ValueSource(strings = {"PT5M", "PT1H", "P1D"})
    void aCertificateTheCaIsStillProcessingIsCheckedAgainAfterThePendingQueueInterval(String interval) {
        finalizeOrder.then(set(ProcessVariables.CERTIFICATE_STORED, false));
        issuance.intervals(interval);
        ProcessInstance instance = startIssuance();

        runDueJobs();

        assertThat(instance).isWaitingAt("Timer_PendingQueue");
        assertThat(issuance.intervalsAskedFor()).containsExactly(requestId.toString());
        Duration duration = Duration.parse(interval);
        Job timer = jobAt("Timer_PendingQueue");
        assertThat(timer.getDuedate().toInstant()).isCloseTo(NOW.plus(duration), within(2, ChronoUnit.SECONDS));
        assertThat(instance).hasNotPassed("EndEvent_IssueDone");

        advanceClock(duration.minusSeconds(5));
        runDueJobs();
        assertThat(checkOrder.callCount()).as("not checked before the interval").isZero();

        advanceClock(Duration.ofSeconds(5));
        runDueJobs();

        assertThat(checkOrder.callCount()).isEqualTo(1);
        assertThat(instance).isEnded()
                .hasPassedInOrder("Task_FinalizeOrder", "Timer_PendingQueue", "Task_CheckOrder", "EndEvent_IssueDone", "EndEvent_CertificateIssued");
    }

    // Terms of service

    private FakeDelegate.Step termsChanged() {
        return execution -> {
            // What CertflowDelegate does with a TermsNotAcceptedException.
            execution.setVariable(ProcessVariables.TERMS_URL, TERMS_URL);
            throw new BpmnError(ErrorCodes.TERMS_NOT_ACCEPTED, "The terms of service of issuer 'ca' must be accepted: " + TERMS_URL);
        };
    }

    @Test
    void changedTermsWaitForAPersonToAcceptThemAndThenTheOrderIsPlacedAgain() throws IOException {
        placeOrder.then(termsChanged());
        ProcessInstance instance = startIssuance();

        runDueJobs();

        assertThat(instance).isWaitingAt("UserTask_AcceptTerms").hasPassed("BoundaryEvent_TermsNotAccepted");
        Task task = task(instance);
        assertThat(task).hasCandidateGroup("camunda-admin").hasCandidateGroup("certflow-admins");
        assertThat(taskService.getVariable(task.getId(), ProcessVariables.TERMS_URL)).isEqualTo(TERMS_URL);
        assertThat(taskService.getVariable(task.getId(), ProcessVariables.DOMAINS)).isEqualTo("a.test, b.test");
        assertThat(deployedForm(task)).contains("\"key\": \"termsAccepted\"", "\"key\": \"termsUrl\"");
        assertThat(markFailed.callCount()).isZero();

        completeAs("alice", task, Map.of(ProcessVariables.TERMS_ACCEPTED, true));

        Call acceptance = recordTermsAcceptance.lastCall();
        assertThat(acceptance.variable(ProcessVariables.COMPLETED_BY)).isEqualTo("alice");
        assertThat(acceptance.variable(ProcessVariables.ISSUER_ID)).isEqualTo(issuerId.toString());
        assertThat(instance).isWaitingAt("Task_PlaceOrder");

        runDueJobs();

        assertThat(placeOrder.callCount()).isEqualTo(2);
        assertThat(instance).isEnded()
                .hasPassedInOrder("UserTask_AcceptTerms", "Task_RecordTermsAcceptance", "Task_PlaceOrder", "EndEvent_CertificateIssued")
                .hasNotPassed("EndEvent_TermsDeclined", "Task_MarkFailed");
    }

    @Test
    void termsThatChangeAfterTheOrderWasPlacedAlsoWaitForAPersonAndTheSameCertificateIsFinished() {
        finalizeOrder.then(termsChanged());
        ProcessInstance instance = startIssuance();

        runDueJobs();

        assertThat(instance).isWaitingAt("UserTask_AcceptTerms").hasPassed("BoundaryEvent_TermsNotAcceptedAtFinalize");
        assertThat(markFailed.callCount()).isZero();

        completeAs("alice", task(instance), Map.of(ProcessVariables.TERMS_ACCEPTED, true));
        runDueJobs();

        assertThat(instance).isEnded()
                .hasPassedInOrder("Task_FinalizeOrder", "UserTask_AcceptTerms", "Task_RecordTermsAcceptance", "Task_PlaceOrder",
                        "Task_FinalizeOrder", "EndEvent_IssueDone", "EndEvent_CertificateIssued")
                .hasNotPassed("Task_MarkFailed");
        assertThat(finalizeOrder.callCount()).isEqualTo(2);
    }

    @Test
    void declinedTermsFailTheCertificateSayingTheTermsWereNotAccepted() {
        placeOrder.then(termsChanged());
        ProcessInstance instance = startIssuance();
        runDueJobs();

        completeAs("alice", task(instance), Map.of(ProcessVariables.TERMS_ACCEPTED, false));

        assertThat(instance).isEnded()
                .hasPassedInOrder("UserTask_AcceptTerms", "EndEvent_TermsDeclined", "BoundaryEvent_IssuanceFailed",
                        "Task_MarkFailed", "EndEvent_Failed")
                .hasNotPassed("Task_RecordTermsAcceptance", "EndEvent_CertificateIssued");
        Call failed = markFailed.lastCall();
        assertThat(failed.variable(ProcessVariables.FAILURE_REASON)).isEqualTo("The issuer's terms of service were not accepted");
        assertThat(failed.variable(ProcessVariables.FAILURE_CODE)).isEqualTo(ErrorCodes.TERMS_DECLINED);
        assertThat(recordTermsAcceptance.callCount()).isZero();
        assertThat(placeOrder.callCount()).isEqualTo(1);
    }
}
