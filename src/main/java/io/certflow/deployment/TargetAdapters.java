package io.certflow.deployment;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

/** The adapter of each kind of target. */
@Component
public class TargetAdapters {

    private final Map<DeploymentTargetKind, TargetAdapter> byKind = new EnumMap<>(DeploymentTargetKind.class);

    public TargetAdapters(List<TargetAdapter> adapters) {
        for (TargetAdapter adapter : adapters) {
            if (byKind.put(adapter.kind(), adapter) != null) {
                throw new IllegalStateException("Two adapters for deployment targets of kind " + adapter.kind());
            }
        }
    }

    public TargetAdapter of(DeploymentTarget target) {
        TargetAdapter adapter = byKind.get(target.kind());
        if (adapter == null) {
            throw new IllegalStateException("No adapter deploys to targets of kind " + target.kind());
        }
        return adapter;
    }
}
