package io.certflow.workflow.autossl;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

import io.certflow.autossl.run.AutoSslRuns;
import io.certflow.workflow.CertflowDelegate;

/** Task_StartNightlyRuns: one run for every tenant with a provider. */
@Component("autosslStartNightlyRunsDelegate")
public class StartNightlyRunsDelegate extends CertflowDelegate {

    private final AutoSslRuns runs;

    public StartNightlyRunsDelegate(AutoSslRuns runs) {
        this.runs = runs;
    }

    @Override
    protected void run(DelegateExecution execution) {
        runs.startNightlyRuns();
    }
}
