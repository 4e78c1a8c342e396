package io.certflow.workflow.engine;

import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.springframework.stereotype.Component;

/**
 * Certflow's changes to the engine: tenant ids on instances, retries that honour Retry-After, and
 * the "certflow" history level.
 */
@Component
public class CertflowEnginePlugin extends AbstractProcessEnginePlugin {

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        configuration.setTenantIdProvider(new VariableTenantIdProvider());
        configuration.setFailedJobCommandFactory(new RetryAfterFailedJobCommandFactory());
        java.util.List<org.camunda.bpm.engine.impl.history.HistoryLevel> levels = configuration.getCustomHistoryLevels() == null
                ? new java.util.ArrayList<>() : new java.util.ArrayList<>(configuration.getCustomHistoryLevels());
        levels.add(new CertflowHistoryLevel());
        configuration.setCustomHistoryLevels(levels);
    }
}
