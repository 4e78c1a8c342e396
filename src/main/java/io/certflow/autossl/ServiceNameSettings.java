package io.certflow.autossl;

import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The names each {@link Service} covers for a domain, as prefixes ({@code ""} is the domain itself, {@code "www."} its
 * www name); the defaults are in application.yml ({@code certflow.autossl.service-names}), a host changes them there.
 */
@ConfigurationProperties("certflow.autossl")
public record ServiceNameSettings(Map<Service, List<String>> serviceNames) {
}
