package io.certflow.workflow.autossl;

import java.util.UUID;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

import io.certflow.autossl.run.AutoSslRuns;
import io.certflow.workflow.CertflowDelegate;
import io.certflow.workflow.ProcessVariables;

/** Task_StartAccountChecks: one page of the run's accounts; a check for each. */
@Component("autosslStartAccountChecksDelegate")
public class StartAccountChecksDelegate extends CertflowDelegate {

    private final AutoSslRuns runs;

    public StartAccountChecksDelegate(AutoSslRuns runs) {
        this.runs = runs;
    }

    @Override
    protected void run(DelegateExecution execution) {
        decide(execution, ProcessVariables.MORE_ACCOUNTS,
                runs.startNextPage(UUID.fromString((String) execution.getVariable(ProcessVariables.AUTOSSL_RUN_ID))));
    }
}
