package io.certflow.overview;

import java.util.List;

/** The engine's open incidents (jobs out of retries, waiting for a person in Cockpit), counted by the engine. */
public interface EngineIncidents {

    /** @param tenantIds the tenants whose process instances count; null: every tenant's and those of none */
    long open(List<String> tenantIds);
}
