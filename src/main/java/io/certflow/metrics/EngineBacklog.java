package io.certflow.metrics;

/** What the workflow engine has not done yet, for the metrics; the engine's side lives in workflow/. */
public interface EngineBacklog {

    /** Incidents not resolved: jobs whose retries ran out, waiting for a person (Cockpit). */
    long openIncidents();

    /** Jobs whose due time has come (or that have none) and that still have retries: the executor's queue. */
    long jobsDue();
}
