package io.certflow.issuance;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import io.certflow.certificate.ValidationMethod;
import io.certflow.crypto.DomainNames;

/**
 * Which method proves each name of a request: the request's (or template's) method, unless the
 * request names another one for that name, so that one certificate can mix http-01 and dns-01.
 */
public final class ValidationPlan {

    private ValidationPlan() {
    }

    /**
     * @param domains   the request's names, already normalized
     * @param fallback  the method for names without their own
     * @param overrides name to method text, as the caller gave them (may be null)
     * @param parse     turns a method text into a method, adding a problem when it is not available
     * @param problems  where every problem found is added
     */
    public static Map<String, ValidationMethod> of(List<String> domains, ValidationMethod fallback, Map<String, String> overrides,
                                                   BiFunction<String, List<String>, ValidationMethod> parse, List<String> problems) {
        Map<String, ValidationMethod> chosen = new LinkedHashMap<>();
        if (overrides != null) {
            overrides.forEach((rawName, rawMethod) -> {
                String problem = DomainNames.problemWith(rawName);
                String name = problem == null ? DomainNames.canonical(rawName) : null;
                if (problem != null) {
                    problems.add("validationMethods: " + problem);
                } else if (!domains.contains(name)) {
                    problems.add("validationMethods: '" + rawName + "' is not one of the requested domains");
                } else {
                    chosen.put(name, parse.apply(rawMethod, problems));
                }
            });
        }
        Map<String, ValidationMethod> plan = new LinkedHashMap<>();
        for (String domain : domains) {
            ValidationMethod method = chosen.getOrDefault(domain, fallback);
            if (domain.startsWith("*.") && method == ValidationMethod.HTTP_01) {
                problems.add("'" + domain + "' is a wildcard: wildcard names can only be validated with dns-01, not http-01;"
                        + " ask for \"validationMethod\": \"DNS_01\", or for this name alone with \"validationMethods\": {\""
                        + domain + "\": \"DNS_01\"}");
            }
            plan.put(domain, method);
        }
        return plan;
    }
}
