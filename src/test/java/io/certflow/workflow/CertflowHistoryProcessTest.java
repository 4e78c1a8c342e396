package io.certflow.workflow;

import static io.certflow.workflow.FakeDelegate.bpmnError;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What an operator finds in the history at Certflow's own "certflow" level (the one the application
 * runs with): every step that did work, every wait and error event, the process instances and the
 * variables that explain an outcome; not the gateways and plain events a token only passed through.
 */
@Deployment(resources = {"bpmn/CertificateIssuanceProcess.bpmn", "bpmn/DomainValidationProcess.bpmn",
        "forms/approve-certificate-request.form", "forms/accept-terms.form"})
class CertflowHistoryProcessTest extends ProcessTestSupport {

    @RegisterExtension
    static final ProcessEngineExtension ENGINE = ProcessEngineExtension.builder()
            .configurationResource("camunda-certflow-history-test.cfg.xml").build();

    private static final String AUTH_A = "0b6f4d4e-0000-4000-8000-00000000000a";

    private final UUID requestId = UUID.randomUUID();
    private final UUID certificateId = UUID.randomUUID();

    @BeforeEach
    void oneAuthorization() {
        issuance.authorizations(AUTH_A);
    }

    @Test
    void anIssuedCertificateLeavesItsStepsInTheHistoryButNotThePassThroughElements() {
        ProcessInstance instance = startIssuance();
        runDueJobs();

        assertThat(finishedActivities(instance.getId())).containsExactly("Task_CheckRequest", "Task_PlaceOrder",
                "CallActivity_ValidateDomains", "Task_GenerateKey", "Task_FinalizeOrder");
        HistoricProcessInstance validation = validation(instance);
        assertThat(finishedActivities(validation.getId())).containsExactly("Task_PresentChallenge", "Task_TriggerChallenge",
                "Task_CleanUpLocally");

        HistoricProcessInstance issued = historyService.createHistoricProcessInstanceQuery().processInstanceId(instance.getId()).singleResult();
        assertThat(issued.getState()).isEqualTo(HistoricProcessInstance.STATE_COMPLETED);
        assertThat(issued.getEndActivityId()).isEqualTo("EndEvent_CertificateIssued");
        assertThat(validation.getEndActivityId()).isEqualTo("EndEvent_DomainValidated");
        assertThat(historicVariables(instance.getId())).containsOnlyKeys(ProcessVariables.CERTIFICATE_ID, ProcessVariables.DOMAINS);
    }

    @Test
    void aFailedValidationLeavesTheErrorPathAndTheCasDetail() {
        String detail = "Validation of a.test failed: urn:ietf:params:acme:error:unauthorized: 404";
        triggerChallenge.then(bpmnError(ErrorCodes.VALIDATION_FAILED, detail));

        ProcessInstance instance = startIssuance();
        runDueJobs();

        assertThat(finishedActivities(validation(instance).getId())).containsExactly("Task_PresentChallenge",
                "Task_TriggerChallenge", "BoundaryEvent_ValidationFailed", "Task_CleanUpAfterFailure",
                "EndEvent_ValidationFailed");
        assertThat(finishedActivities(instance.getId())).containsSubsequence("CallActivity_ValidateDomains",
                "BoundaryEvent_IssuanceFailed", "Task_MarkFailed");
        assertThat(historyService.createHistoricProcessInstanceQuery().processInstanceId(instance.getId()).singleResult()
                .getEndActivityId()).isEqualTo("EndEvent_Failed");
        assertThat(historicVariables(instance.getId()))
                .containsEntry(ProcessVariables.FAILURE_REASON, detail)
                .containsEntry(ProcessVariables.FAILURE_CODE, ErrorCodes.VALIDATION_FAILED);
    }

    private ProcessInstance startIssuance() {
        String id = new CamundaIssuanceWorkflow(runtimeService, taskService)
                .startIssuance(requestId, certificateId, UUID.randomUUID(), TENANT_ID, List.of("a.test"));
        return runtimeService.createProcessInstanceQuery().processInstanceId(id).singleResult();
    }

    private HistoricProcessInstance validation(ProcessInstance issuanceInstance) {
        return historyService.createHistoricProcessInstanceQuery().superProcessInstanceId(issuanceInstance.getId()).singleResult();
    }
}
