package io.certflow.workflow;

import java.util.List;
import java.util.UUID;

import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.springframework.stereotype.Component;

import io.certflow.issuance.IssuanceWorkflow;
import io.certflow.issuer.TermsWorkflow;

@Component
public class CamundaIssuanceWorkflow implements IssuanceWorkflow, TermsWorkflow {

    static final String ACCEPT_TERMS_TASK = "UserTask_AcceptTerms";

    private final RuntimeService runtimeService;
    private final TaskService taskService;

    public CamundaIssuanceWorkflow(RuntimeService runtimeService, TaskService taskService) {
        this.runtimeService = runtimeService;
        this.taskService = taskService;
    }

    @Override
    public String startIssuance(UUID requestId, UUID certificateId, UUID issuerId, String tenantId, List<String> domains) {
        return runtimeService.createProcessInstanceByKey(ProcessKeys.CERTIFICATE_ISSUANCE)
                .businessKey(certificateId.toString())
                .setVariable(ProcessVariables.CERTIFICATE_REQUEST_ID, requestId.toString())
                .setVariable(ProcessVariables.CERTIFICATE_ID, certificateId.toString())
                .setVariable(ProcessVariables.ISSUER_ID, issuerId.toString())
                .setVariable(ProcessVariables.TENANT_ID, tenantId)
                // Shown to approvers in Tasklist; the names are small and not secret.
                .setVariable(ProcessVariables.DOMAINS, String.join(", ", domains))
                .execute()
                .getProcessInstanceId();
    }

    @Override
    public void termsAccepted(UUID issuerId, String userId) {
        for (Task task : taskService.createTaskQuery()
                .processDefinitionKey(ProcessKeys.CERTIFICATE_ISSUANCE)
                .taskDefinitionKey(ACCEPT_TERMS_TASK)
                .processVariableValueEquals(ProcessVariables.ISSUER_ID, issuerId.toString())
                .list()) {
            taskService.setVariable(task.getId(), ProcessVariables.COMPLETED_BY, userId);
            taskService.complete(task.getId(), org.camunda.bpm.engine.variable.Variables.createVariables()
                    .putValue(ProcessVariables.TERMS_ACCEPTED, true));
        }
    }
}
