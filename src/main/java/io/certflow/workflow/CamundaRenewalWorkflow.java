package io.certflow.workflow;

import java.time.Instant;
import java.util.Date;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.variable.Variables;
import org.springframework.stereotype.Component;

import io.certflow.renewal.Renewal;
import io.certflow.renewal.RenewalRun;
import io.certflow.renewal.RenewalWorkflow;

@Component
public class CamundaRenewalWorkflow implements RenewalWorkflow {

    static final String RUN_REQUESTED = "RenewalRunRequested";

    private final RuntimeService runtimeService;
    private final ManagementService managementService;

    public CamundaRenewalWorkflow(RuntimeService runtimeService, ManagementService managementService) {
        this.runtimeService = runtimeService;
        this.managementService = managementService;
    }

    @Override
    public String startRun(RenewalRun run) {
        // A message start event: the process's other start event is the daily timer, and a process has one none-or-timer start.
        return runtimeService.createMessageCorrelation(RUN_REQUESTED)
                .processInstanceBusinessKey(run.id().toString())
                .setVariable(ProcessVariables.RENEWAL_RUN_ID, run.id().toString())
                .setVariable(ProcessVariables.TENANT_ID, run.tenantId())
                .correlateStartMessage()
                .getProcessInstanceId();
    }

    @Override
    public String startRenewal(Renewal renewal, Instant beginsAt) {
        return runtimeService.createProcessInstanceByKey(ProcessKeys.CERTIFICATE_RENEWAL)
                .businessKey(renewal.certificateId().toString())
                .setVariable(ProcessVariables.RENEWAL_ID, renewal.id().toString())
                .setVariable(ProcessVariables.CERTIFICATE_ID, renewal.certificateId().toString())
                .setVariable(ProcessVariables.TENANT_ID, renewal.tenantId())
                // Transient: Timer_Begin reads it as the renewal starts, and nothing later needs it.
                .setVariable(ProcessVariables.RENEWAL_BEGINS_AT, Variables.dateValue(Date.from(beginsAt), true))
                .execute()
                .getProcessInstanceId();
    }

    @Override
    public Instant nextScheduledRun() {
        Job timer = managementService.createJobQuery().processDefinitionKey(ProcessKeys.AUTO_RENEWAL_RUN).timers()
                .orderByJobDuedate().asc().listPage(0, 1).stream().findFirst().orElse(null);
        return timer == null || timer.getDuedate() == null ? null : timer.getDuedate().toInstant();
    }
}
