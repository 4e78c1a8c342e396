package io.certflow.workflow.engine;

import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.springframework.stereotype.Component;

/** Certflow's changes to the engine: tenant ids on instances, and retries that honour Retry-After. */
@Component
public class CertflowEnginePlugin extends AbstractProcessEnginePlugin {

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        configuration.setTenantIdProvider(new VariableTenantIdProvider());
        configuration.setFailedJobCommandFactory(new RetryAfterFailedJobCommandFactory());
    }
}
