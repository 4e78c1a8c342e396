package io.certflow.workflow;

import org.camunda.bpm.engine.RuntimeService;
import org.springframework.stereotype.Component;

import io.certflow.deployment.Deployment;
import io.certflow.deployment.DeploymentWorkflow;

@Component
public class CamundaDeploymentWorkflow implements DeploymentWorkflow {

    private final RuntimeService runtimeService;

    public CamundaDeploymentWorkflow(RuntimeService runtimeService) {
        this.runtimeService = runtimeService;
    }

    @Override
    public String startDeployment(Deployment deployment) {
        return runtimeService.createProcessInstanceByKey(ProcessKeys.CERTIFICATE_DEPLOYMENT)
                .businessKey(deployment.id().toString())
                .setVariable(ProcessVariables.DEPLOYMENT_ID, deployment.id().toString())
                .setVariable(ProcessVariables.CERTIFICATE_ID, deployment.certificateId().toString())
                .setVariable(ProcessVariables.TENANT_ID, deployment.tenantId())
                .setVariable(ProcessVariables.TARGET_NAME, deployment.targetName())
                .execute()
                .getProcessInstanceId();
    }
}
