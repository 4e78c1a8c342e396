package io.certflow.workflow;

import java.util.UUID;

import org.camunda.bpm.engine.RuntimeService;
import org.springframework.stereotype.Component;

import io.certflow.repository.ApplicationRepositoryWorkflow;

@Component
public class CamundaApplicationRepositoryWorkflow implements ApplicationRepositoryWorkflow {

    private final RuntimeService runtimeService;

    public CamundaApplicationRepositoryWorkflow(RuntimeService runtimeService) {
        this.runtimeService = runtimeService;
    }

    @Override
    public String startReset(UUID repositoryId, String tenantId, String name, boolean confirmed) {
        return runtimeService.createProcessInstanceByKey(ProcessKeys.REPOSITORY_RESET)
                .businessKey(repositoryId.toString())
                .setVariable(ProcessVariables.REPOSITORY_ID, repositoryId.toString())
                .setVariable(ProcessVariables.REPOSITORY_NAME, name)
                .setVariable(ProcessVariables.TENANT_ID, tenantId)
                .setVariable(ProcessVariables.RESET_CONFIRMED, confirmed)
                .execute()
                .getProcessInstanceId();
    }

    @Override
    public String startDelete(UUID repositoryId, String tenantId, String name) {
        return runtimeService.createProcessInstanceByKey(ProcessKeys.REPOSITORY_DELETE)
                .businessKey(repositoryId.toString())
                .setVariable(ProcessVariables.REPOSITORY_ID, repositoryId.toString())
                .setVariable(ProcessVariables.REPOSITORY_NAME, name)
                .setVariable(ProcessVariables.TENANT_ID, tenantId)
                .execute()
                .getProcessInstanceId();
    }
}
