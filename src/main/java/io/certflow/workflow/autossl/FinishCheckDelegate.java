package io.certflow.workflow.autossl;

import java.util.UUID;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

import io.certflow.autossl.run.AutoSslChecks;
import io.certflow.workflow.CertflowDelegate;
import io.certflow.workflow.ProcessVariables;

/** Task_FinishCheck: the outcomes of the check's certificates, and the run's end when it was the last check. */
@Component("autosslFinishCheckDelegate")
public class FinishCheckDelegate extends CertflowDelegate {

    private final AutoSslChecks checks;

    public FinishCheckDelegate(AutoSslChecks checks) {
        this.checks = checks;
    }

    @Override
    protected void run(DelegateExecution execution) {
        checks.finish(UUID.fromString((String) execution.getVariable(ProcessVariables.AUTOSSL_CHECK_ID)),
                UUID.fromString((String) execution.getVariable(ProcessVariables.AUTOSSL_RUN_ID)));
    }
}
