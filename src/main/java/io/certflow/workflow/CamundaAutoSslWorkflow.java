package io.certflow.workflow;

import java.time.Instant;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Job;
import org.springframework.stereotype.Component;

import io.certflow.autossl.run.AutoSslCheck;
import io.certflow.autossl.run.AutoSslRun;
import io.certflow.autossl.run.AutoSslWorkflow;

@Component
public class CamundaAutoSslWorkflow implements AutoSslWorkflow {

    static final String RUN_REQUESTED = "AutoSslRunRequested";

    private final RuntimeService runtimeService;
    private final ManagementService managementService;

    public CamundaAutoSslWorkflow(RuntimeService runtimeService, ManagementService managementService) {
        this.runtimeService = runtimeService;
        this.managementService = managementService;
    }

    @Override
    public String startRun(AutoSslRun run) {
        // A message start event: the process's other start event is the nightly timer, and a process has one none-or-timer start.
        return runtimeService.createMessageCorrelation(RUN_REQUESTED)
                .processInstanceBusinessKey(run.id().toString())
                .setVariable(ProcessVariables.AUTOSSL_RUN_ID, run.id().toString())
                .setVariable(ProcessVariables.TENANT_ID, run.tenantId())
                .correlateStartMessage()
                .getProcessInstanceId();
    }

    @Override
    public String startCheck(AutoSslCheck check, String accountName) {
        return runtimeService.createProcessInstanceByKey(ProcessKeys.AUTOSSL_ACCOUNT_CHECK)
                .businessKey(check.accountId().toString())
                .setVariable(ProcessVariables.AUTOSSL_CHECK_ID, check.id().toString())
                .setVariable(ProcessVariables.AUTOSSL_RUN_ID, check.runId().toString())
                .setVariable(ProcessVariables.ACCOUNT_ID, check.accountId().toString())
                .setVariable(ProcessVariables.ACCOUNT_NAME, accountName)
                .setVariable(ProcessVariables.TENANT_ID, check.tenantId())
                .execute()
                .getProcessInstanceId();
    }

    @Override
    public Instant nextScheduledRun() {
        Job timer = managementService.createJobQuery().processDefinitionKey(ProcessKeys.AUTOSSL_RUN).timers()
                .orderByJobDuedate().asc().listPage(0, 1).stream().findFirst().orElse(null);
        return timer == null || timer.getDuedate() == null ? null : timer.getDuedate().toInstant();
    }
}
