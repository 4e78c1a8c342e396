package io.certflow.overview;

import java.util.List;

import org.springframework.stereotype.Service;

import io.certflow.security.Caller;

/** The open incidents of the caller's tenants; the global administrator's count is every incident. */
@Service
public class OpenIncidents {

    private final EngineIncidents engine;

    public OpenIncidents(EngineIncidents engine) {
        this.engine = engine;
    }

    public long of(Caller caller) {
        List<String> tenants = caller.visibleTenants();
        return tenants != null && tenants.isEmpty() ? 0 : engine.open(tenants);
    }
}
