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
                // Shown to approvers in Tasklist; the names are not secret.
                .setVariable(ProcessVariables.DOMAINS, shownDomains(certificateId, domains))
                .execute()
                .getProcessInstanceId();
    }

    /** The engine keeps a text variable in a column of 4,000 characters: 100 long names are more than that. */
    static final int MAX_VARIABLE_TEXT = 4000;

    /** The names as one line for people, within what the engine can store; the API lists all of them. */
    public static String shownDomains(UUID certificateId, List<String> domains) {
        String all = String.join(", ", domains);
        if (all.length() <= MAX_VARIABLE_TEXT) {
            return all;
        }
        StringBuilder shown = new StringBuilder();
        int count = 0;
        for (String domain : domains) {
            String more = " and " + (domains.size() - count) + " more: GET /api/certificates/" + certificateId + " lists them all";
            if (shown.length() + 2 + domain.length() + more.length() > MAX_VARIABLE_TEXT) {
                return shown.append(more).toString();
            }
            shown.append(count == 0 ? "" : ", ").append(domain);
            count++;
        }
        return shown.toString();
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
