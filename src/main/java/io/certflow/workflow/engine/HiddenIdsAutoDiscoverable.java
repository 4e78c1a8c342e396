package io.certflow.workflow.engine;

import jakarta.annotation.Priority;
import jakarta.ws.rs.ConstrainedTo;
import jakarta.ws.rs.RuntimeType;
import jakarta.ws.rs.core.FeatureContext;

import org.glassfish.jersey.internal.spi.AutoDiscoverable;
import org.glassfish.jersey.internal.spi.ForcedAutoDiscoverable;

/**
 * Registers {@link HiddenIdExceptionMappers} in every JAX-RS application of Certflow: the engine
 * REST API at /engine-rest (the rest starter's CamundaJerseyResourceConfig) and the webapps' own
 * copy of it at /camunda/api/engine, which Cockpit and Tasklist call and which the webapps build
 * from a class name, out of reach of Spring. Jersey finds this class through
 * META-INF/services/org.glassfish.jersey.internal.spi.ForcedAutoDiscoverable, also when
 * auto-discovery is switched off.
 */
@ConstrainedTo(RuntimeType.SERVER)
@Priority(AutoDiscoverable.DEFAULT_PRIORITY)
public class HiddenIdsAutoDiscoverable implements ForcedAutoDiscoverable {

    @Override
    public void configure(FeatureContext context) {
        if (context.getConfiguration().getRuntimeType() != RuntimeType.SERVER) {
            return;
        }
        for (Class<?> mapper : HiddenIdExceptionMappers.ALL) {
            if (!context.getConfiguration().isRegistered(mapper)) {
                context.register(mapper);
            }
        }
    }
}
