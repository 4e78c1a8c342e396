package io.certflow.workflow.autossl;

import java.util.UUID;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

import io.certflow.autossl.run.AutoSslChecks;
import io.certflow.workflow.CertflowDelegate;
import io.certflow.workflow.ProcessVariables;

/** Task_PlanCoverage: the account's coverage, preflight and orders. */
@Component("autosslPlanCoverageDelegate")
public class PlanCoverageDelegate extends CertflowDelegate {

    private final AutoSslChecks checks;

    public PlanCoverageDelegate(AutoSslChecks checks) {
        this.checks = checks;
    }

    @Override
    protected void run(DelegateExecution execution) {
        decide(execution, ProcessVariables.AUTOSSL_ORDERED,
                checks.plan(UUID.fromString((String) execution.getVariable(ProcessVariables.AUTOSSL_CHECK_ID))));
    }
}
