package io.certflow.workflow.engine;

import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.jobexecutor.JobExecutor;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

/**
 * Part of readiness (contributor "jobExecutor"): every step of every process runs as a job, so a node whose job executor
 * stopped accepts requests that nothing would carry out. A node configured to run no jobs
 * ({@code camunda.bpm.job-execution.enabled: false}, a web-only node) is ready without one. Its bean name replaces the
 * Camunda starter's indicator, which reports the executor's whole configuration.
 */
@Component("jobExecutorHealthIndicator")
public class JobExecutorHealth extends AbstractHealthIndicator {

    private final ProcessEngineConfigurationImpl configuration;
    private final boolean jobExecutionEnabled;

    public JobExecutorHealth(ProcessEngineConfigurationImpl configuration,
                             @Value("${camunda.bpm.job-execution.enabled:true}") boolean jobExecutionEnabled) {
        super("The job executor could not be checked");
        this.configuration = configuration;
        this.jobExecutionEnabled = jobExecutionEnabled;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        if (!jobExecutionEnabled) {
            builder.up().withDetail("active", false).withDetail("reason", "disabled (camunda.bpm.job-execution.enabled: false)");
            return;
        }
        JobExecutor executor = configuration.getJobExecutor();
        boolean active = executor != null && executor.isActive();
        (active ? builder.up() : builder.down()).withDetail("active", active);
    }
}
