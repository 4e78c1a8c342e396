package io.certflow.workflow;

import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

import static io.certflow.workflow.FakeDelegate.bpmnError;
import static io.certflow.workflow.FakeDelegate.set;
import static io.certflow.workflow.FakeDelegate.transientFault;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.junit.jupiter.api.Test;

import io.certflow.workflow.FakeDelegate.Call;

@Deployment(resources = {"bpmn/CertificateIssuanceProcess.bpmn", "bpmn/DomainValidationProcess.bpmn",
        "forms/approve-certificate-request.form", "forms/accept-terms.form"})
class DomainValidationProcessTest extends ProcessTestSupport {

    @RegisterExtension
    static final ProcessEngineExtension ENGINE = ProcessEngineExtension.builder().configurationResource(ENGINE_CONFIGURATION).build();

    private static final String VALIDATION_FAILED_DETAIL =
            "Validation of a.test failed: urn:ietf:params:acme:error:unauthorized: Invalid response from http://a.test/.well-known/acme-challenge/x: 404";

    private final String requestId = UUID.randomUUID().toString();
    private final String authorizationId = UUID.randomUUID().toString();

    private ProcessInstance start() {
        return runtimeService.startProcessInstanceByKey(ProcessKeys.DOMAIN_VALIDATION, Map.of(
                ProcessVariables.CERTIFICATE_REQUEST_ID, requestId,
                ProcessVariables.AUTHORIZATION_ID, authorizationId,
                ProcessVariables.TENANT_ID, TENANT_ID));
    }

    @Test
    void aChallengeTheCaDecidesWhileItIsTriggeredIsPresentedTriggeredAndCleanedUpWithoutAPoll() {
        ProcessInstance instance = start();

        assertThat(instance).isWaitingAt("Task_PresentChallenge");
        assertThat(instance.getTenantId()).as("tenant of the instance").isEqualTo(TENANT_ID);

        runDueJobs();

        assertThat(instance).hasPassedInOrder("Task_PresentChallenge", "Task_TriggerChallenge", "Gateway_ChallengeValid",
                "EndEvent_Validated", "Task_CleanUpLocally");
        assertThat(instance).hasNotPassed("Timer_ChallengePoll", "Task_CheckChallenge", "Task_CleanUpChallenge",
                "Task_CleanUpAfterFailure", "EndEvent_ValidationFailed");
        assertThat(instance).as("an http-01 answer is served at once: no DNS to wait for").hasNotPassed("Task_CheckPropagation");
        assertThat(instance).isEnded().hasPassed("EndEvent_DomainValidated");
        assertThat(checkChallenge.callCount()).as("no poll of its own").isZero();
        for (FakeDelegate step : new FakeDelegate[] {presentChallenge, triggerChallenge, cleanUpChallenge}) {
            assertThat(step.callCount()).as(step.beanName() + " calls").isEqualTo(1);
            assertThat(step.lastCall().variable(ProcessVariables.AUTHORIZATION_ID)).as(step.beanName() + " authorization")
                    .isEqualTo(authorizationId);
        }
        assertThat(cleanUpChallenge.lastCall().activityId()).isEqualTo("Task_CleanUpLocally");
    }

    @Test
    void anAnswerHeldByCertflowIsCleanedUpInTheJobThatFoundTheChallengeValid() {
        ProcessInstance instance = start();

        execute(jobAt("Task_PresentChallenge"));
        execute(jobAt("Task_TriggerChallenge"));

        assertThat(instance).as("no job of its own for the clean-up").isEnded()
                .hasPassedInOrder("Task_TriggerChallenge", "Task_CleanUpLocally", "EndEvent_DomainValidated");
        assertThat(cleanUpChallenge.callCount()).isEqualTo(1);
    }

    @Test
    void anAnswerHeldByCertflowWhoseCleanUpFailsTransientlyIsTriggeredAndCleanedUpAgainNotLost() {
        cleanUpChallenge.then(transientFault("database not reachable"));
        ProcessInstance instance = start();
        assertThat(runDueJobsCollectingFailures()).hasSize(1);

        Job retry = jobAt("Task_TriggerChallenge");
        assertThat(retry.getExceptionMessage()).isEqualTo("database not reachable");
        assertThat(retry.getRetries()).as("the trigger's CA retry cycle R3").isEqualTo(2);
        advanceClock(Duration.ofMinutes(1));
        runDueJobs();

        assertThat(triggerChallenge.callCount()).as("triggering again is safe").isEqualTo(2);
        assertThat(cleanUpChallenge.callCount()).isEqualTo(2);
        assertThat(instance).isEnded().hasPassed("Task_CleanUpLocally", "EndEvent_DomainValidated");
    }

    @Test
    void aChallengeStillPendingAfterTheTriggerIsCheckedAgainAfterThePollInterval() {
        triggerChallenge.then(set(ProcessVariables.CHALLENGE_VALID, false));
        checkChallenge.then(set(ProcessVariables.CHALLENGE_VALID, false));
        ProcessInstance instance = start();

        runDueJobs();

        assertThat(instance).isWaitingAt("Timer_ChallengePoll");
        assertThat(checkChallenge.callCount()).isZero();
        Job timer = jobAt("Timer_ChallengePoll");
        assertThat(timer.getDuedate().toInstant()).as("poll timer due date").isEqualTo(NOW.plus(Duration.parse(POLL_INTERVAL)));
        assertThat(cleanUpChallenge.callCount()).as("no clean-up while the CA is still validating").isZero();

        execute(job("Timer_ChallengePoll", instance));
        assertThat(instance).isWaitingAt("Task_CheckChallenge");
        runDueJobs();

        assertThat(instance).as("still pending at the first poll").isWaitingAt("Timer_ChallengePoll");
        assertThat(checkChallenge.callCount()).isEqualTo(1);
        advanceClock(Duration.parse(POLL_INTERVAL));
        runDueJobs();

        assertThat(checkChallenge.callCount()).isEqualTo(2);
        assertThat(triggerChallenge.callCount()).as("triggered once only").isEqualTo(1);
        assertThat(instance).isEnded().hasPassedInOrder("Task_TriggerChallenge", "Timer_ChallengePoll", "Task_CheckChallenge",
                "Timer_ChallengePoll", "Task_CheckChallenge", "Task_CleanUpLocally", "EndEvent_DomainValidated");
    }

    @Test
    void aDnsAnswerIsLookedForOnATimerUntilEveryNameServerGivesItAndOnlyThenTriggered() {
        validationSteps.cleanUpIsLocal(false);
        presentChallenge.then(set(ProcessVariables.ALREADY_VALID, false).and(set(ProcessVariables.AWAIT_PROPAGATION, true)));
        checkPropagation.then(set(ProcessVariables.ANSWER_VISIBLE, false));
        ProcessInstance instance = start();

        runDueJobs();

        assertThat(instance).isWaitingAt("Timer_PropagationPoll");
        assertThat(jobAt("Timer_PropagationPoll").getDuedate().toInstant()).as("propagation timer due date")
                .isEqualTo(NOW.plus(Duration.parse(PROPAGATION_POLL_INTERVAL)));
        assertThat(triggerChallenge.callCount()).as("the CA is not asked to look before the record is visible").isZero();

        execute(job("Timer_PropagationPoll", instance));
        runDueJobs();

        assertThat(checkPropagation.callCount()).isEqualTo(2);
        assertThat(instance).isEnded().hasPassedInOrder("Task_PresentChallenge", "Task_CheckPropagation", "Timer_PropagationPoll",
                "Task_CheckPropagation", "Task_TriggerChallenge", "Task_CleanUpChallenge");
        assertThat(triggerChallenge.callCount()).isEqualTo(1);
        assertThat(cleanUpChallenge.callCount()).isEqualTo(1);
    }

    @Test
    void aDnsAnswerThatNeverBecomesVisibleEndsInAnIncidentWithTheInstanceKept() {
        presentChallenge.then(set(ProcessVariables.ALREADY_VALID, false).and(set(ProcessVariables.AWAIT_PROPAGATION, true)));
        checkPropagation.always(transientFault("The dns-01 answer for a.test is still not visible after PT10M"));
        ProcessInstance instance = start();
        assertThat(runDueJobsCollectingFailures()).hasSize(1);

        advanceClock(Duration.ofSeconds(30));
        Job job = jobAt("Task_CheckPropagation");
        assertThatThrownBy(() -> managementService.executeJob(job.getId())).hasMessageContaining("still not visible");

        assertThat(checkPropagation.callCount()).as("attempts with the DNS retry cycle R2").isEqualTo(2);
        Incident incident = runtimeService.createIncidentQuery().processInstanceId(instance.getId()).singleResult();
        assertThat(incident).isNotNull();
        assertThat(incident.getActivityId()).isEqualTo("Task_CheckPropagation");
        assertThat(instance).isNotEnded().isWaitingAt("Task_CheckPropagation");
        assertThat(triggerChallenge.callCount()).isZero();
    }

    @Test
    void aNameWhoseAnswerCannotBePublishedIsCleanedUpAndFailsValidationWithTheReason() {
        String reason = "No DNS zone is configured for _acme-challenge.a.test, so the dns-01 record of a.test cannot be added";
        presentChallenge.then(bpmnError(ErrorCodes.VALIDATION_FAILED, reason));
        ProcessInstance instance = start();

        runDueJobs();

        assertThat(instance).isEnded().hasPassedInOrder("Task_PresentChallenge", "BoundaryEvent_ValidationFailed",
                "Task_CleanUpAfterFailure", "EndEvent_ValidationFailed").hasNotPassed("Task_TriggerChallenge");
        assertThat(historicVariables(instance.getId())).containsEntry(ProcessVariables.FAILURE_REASON, reason);
    }

    @Test
    void aNameTheCaAlreadyTrustsIsNotTriggeredButStillCleanedUp() {
        presentChallenge.then(set(ProcessVariables.ALREADY_VALID, true));
        ProcessInstance instance = start();

        runDueJobs();

        assertThat(instance).isEnded()
                .hasPassedInOrder("Task_PresentChallenge", "EndEvent_AlreadyValid", "Task_CleanUpLocally", "EndEvent_DomainValidated")
                .hasNotPassed("Task_TriggerChallenge", "Task_CheckChallenge", "Task_CleanUpAfterFailure");
        assertThat(triggerChallenge.callCount()).isZero();
        assertThat(checkChallenge.callCount()).isZero();
        assertThat(cleanUpChallenge.callCount()).isEqualTo(1);
    }

    @Test
    void aChallengeFoundInvalidWhenTriggeredIsCleanedUpAndEndsAsValidationFailedWithTheCasDetail() {
        triggerChallenge.then(bpmnError(ErrorCodes.VALIDATION_FAILED, VALIDATION_FAILED_DETAIL));
        ProcessInstance instance = start();

        runDueJobs();

        assertThat(instance).isEnded()
                .hasPassedInOrder("Task_TriggerChallenge", "BoundaryEvent_ValidationFailed", "Task_CleanUpAfterFailure",
                        "EndEvent_ValidationFailed")
                .hasNotPassed("Task_CleanUpLocally", "Task_CleanUpChallenge", "EndEvent_DomainValidated");
        assertThat(cleanUpChallenge.callCount()).isEqualTo(1);
        Call cleanUp = cleanUpChallenge.lastCall();
        assertThat(cleanUp.activityId()).isEqualTo("Task_CleanUpAfterFailure");
        assertThat(cleanUp.variable(ProcessVariables.AUTHORIZATION_ID)).isEqualTo(authorizationId);
        assertThat(historicVariables(instance.getId()))
                .containsEntry(ProcessVariables.FAILURE_CODE, ErrorCodes.VALIDATION_FAILED)
                .containsEntry(ProcessVariables.FAILURE_REASON, VALIDATION_FAILED_DETAIL);
    }

    @Test
    void aChallengeFoundInvalidOnALaterPollIsCleanedUpAndEndsAsValidationFailed() {
        triggerChallenge.then(set(ProcessVariables.CHALLENGE_VALID, false));
        checkChallenge.then(bpmnError(ErrorCodes.VALIDATION_FAILED, VALIDATION_FAILED_DETAIL));
        ProcessInstance instance = start();
        runDueJobs();
        advanceClock(Duration.parse(POLL_INTERVAL));

        runDueJobs();

        assertThat(instance).isEnded()
                .hasPassedInOrder("Task_TriggerChallenge", "Timer_ChallengePoll", "Task_CheckChallenge", "BoundaryEvent_ValidationFailed",
                        "Task_CleanUpAfterFailure", "EndEvent_ValidationFailed")
                .hasNotPassed("Task_CleanUpLocally", "EndEvent_DomainValidated");
        assertThat(cleanUpChallenge.lastCall().activityId()).isEqualTo("Task_CleanUpAfterFailure");
        assertThat(historicVariables(instance.getId())).containsEntry(ProcessVariables.FAILURE_REASON, VALIDATION_FAILED_DETAIL);
    }

    @Test
    void aDnsCleanUpAfterSuccessThatFailsTransientlyIsRetriedAloneNotLost() {
        validationSteps.cleanUpIsLocal(false);
        cleanUpChallenge.then(transientFault("DNS server not reachable"));
        ProcessInstance instance = start();
        assertThat(runDueJobsCollectingFailures()).hasSize(1); // up to the clean-up's first, failing attempt

        assertThat(instance).isWaitingAt("Task_CleanUpChallenge");
        Job retry = jobAt("Task_CleanUpChallenge");
        assertThat(retry.getRetries()).as("the DNS retry cycle R2").isEqualTo(1);
        assertThat(retry.getExceptionMessage()).isEqualTo("DNS server not reachable");
        assertThat(retry.getDuedate().toInstant()).isEqualTo(NOW.plus(Duration.ofSeconds(30)));
        assertThat(runtimeService.createIncidentQuery().count()).isZero();
        assertThat(triggerChallenge.callCount()).as("the trigger is not repeated").isEqualTo(1);

        advanceClock(Duration.ofSeconds(30));
        runDueJobs();

        assertThat(cleanUpChallenge.callCount()).isEqualTo(2);
        assertThat(instance).isEnded().hasPassed("EndEvent_DomainValidated");
    }

    @Test
    void aCleanUpAfterFailureThatFailsTransientlyIsRetriedNotLost() {
        triggerChallenge.then(bpmnError(ErrorCodes.VALIDATION_FAILED, VALIDATION_FAILED_DETAIL));
        cleanUpChallenge.then(transientFault("DNS server not reachable"));
        ProcessInstance instance = start();
        assertThat(runDueJobsCollectingFailures()).hasSize(1);

        assertThat(instance).isWaitingAt("Task_CleanUpAfterFailure");
        Job retry = jobAt("Task_CleanUpAfterFailure");
        assertThat(retry.getRetries()).as("the DNS retry cycle R2").isEqualTo(1);
        assertThat(retry.getDuedate().toInstant()).isAfter(NOW);

        advanceClock(Duration.ofMinutes(1));
        runDueJobs();

        assertThat(cleanUpChallenge.callCount()).isEqualTo(2);
        assertThat(instance).isEnded().hasPassed("EndEvent_ValidationFailed");
        assertThat(historicVariables(instance.getId())).containsEntry(ProcessVariables.FAILURE_REASON, VALIDATION_FAILED_DETAIL);
    }

    @Test
    void aDnsCleanUpThatKeepsFailingEndsInAnIncidentAndTheInstanceWaitsThere() {
        validationSteps.cleanUpIsLocal(false);
        cleanUpChallenge.always(transientFault("DNS server not reachable"));
        ProcessInstance instance = start();
        assertThat(runDueJobsCollectingFailures()).hasSize(1);

        advanceClock(Duration.ofSeconds(30));
        Job job = jobAt("Task_CleanUpChallenge");
        assertThatThrownBy(() -> managementService.executeJob(job.getId())).hasMessageContaining("DNS server not reachable");

        assertThat(cleanUpChallenge.callCount()).as("attempts with R2").isEqualTo(2);
        assertThat(jobAt("Task_CleanUpChallenge").getRetries()).isZero();
        Incident incident = runtimeService.createIncidentQuery().processInstanceId(instance.getId()).singleResult();
        assertThat(incident).isNotNull();
        assertThat(incident.getActivityId()).isEqualTo("Task_CleanUpChallenge");
        assertThat(incident.getIncidentMessage()).isEqualTo("DNS server not reachable");
        assertThat(instance).isNotEnded().isWaitingAt("Task_CleanUpChallenge");
    }
}
