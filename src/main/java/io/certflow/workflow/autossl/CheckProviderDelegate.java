package io.certflow.workflow.autossl;

import java.util.UUID;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

import io.certflow.autossl.run.AutoSslRuns;
import io.certflow.workflow.CertflowDelegate;
import io.certflow.workflow.ProcessVariables;

/** Task_CheckProvider: whether the run may order; ends it PAUSED with the reason when not. */
@Component("autosslCheckProviderDelegate")
public class CheckProviderDelegate extends CertflowDelegate {

    private final AutoSslRuns runs;

    public CheckProviderDelegate(AutoSslRuns runs) {
        this.runs = runs;
    }

    @Override
    protected void run(DelegateExecution execution) {
        decide(execution, ProcessVariables.AUTOSSL_PAUSED,
                runs.pauseIfProviderUnusable(UUID.fromString((String) execution.getVariable(ProcessVariables.AUTOSSL_RUN_ID))));
    }
}
