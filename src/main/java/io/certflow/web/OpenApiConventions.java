package io.certflow.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.http.MediaType;
import org.springframework.util.StringUtils;
import org.springframework.web.method.HandlerMethod;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.tags.Tag;

/**
 * What every /api operation has in common, added to the description in one place rather than on each
 * method: the tag of its feature (by path), HTTP Basic, the problem+json answers that ProblemHandler,
 * RoutingProblemHandler and the authentication filter give for any call, and an operationId a generated client
 * can use as a method name.
 */
class OpenApiConventions implements OpenApiCustomizer, OperationCustomizer {

    static final String PROBLEM = "ProblemDetail";

    /** A feature's tag and the paths it covers; the first feature whose pattern matches a path wins. */
    private record Feature(String tag, String description, Pattern paths) {
        Feature(String tag, String description, String pathRegex) {
            this(tag, description, Pattern.compile(pathRegex));
        }
    }

    private static final List<Feature> FEATURES = List.of(
            new Feature("Deployments", "Deploying a certificate to a target, and the deployments' outcome",
                    "^/api/(certificates/[^/]+/deployments|deployments)(/.*)?$"),
            new Feature("Renewal", "A tenant's renewal policy, Run Now, the renewal service's status, and renewing one certificate now",
                    "^/api/(tenants/[^/]+/renewal-[^/]+|certificates/[^/]+/renewals)$"),
            new Feature("Certificates", "Requesting, uploading, reading, replacing and auto-managing certificates",
                    "^/api/certificates(/.*)?$"),
            new Feature("Issuers", "ACME issuers and private CAs, their approval, rate budget and terms of service",
                    "^/api/issuers(/.*)?$"),
            new Feature("Templates", "Issuing templates: issuer, key type, validity, validation method, approval, profile",
                    "^/api/templates(/.*)?$"),
            new Feature("DNS zones", "Zones Certflow may update for dns-01 and CAA, with their TSIG keys",
                    "^/api/dns-zones(/.*)?$"),
            new Feature("Repositories", "Certificate application repositories: data sources, reset, enable, delete, CMS",
                    "^/api/repositories(/.*)?$"),
            new Feature("Deployment targets", "PEM files, keystores and SSH hosts certificates are deployed to",
                    "^/api/deployment-targets(/.*)?$"),
            new Feature("Notifications", "A tenant's notification settings and its notifications",
                    "^/api/tenants/[^/]+/notification[^/]*$"),
            new Feature("Hosting accounts", "Hosting accounts and their domains, which AutoSSL covers",
                    "^/api/accounts(/.*)?$"),
            new Feature("AutoSSL", "AutoSSL's provider, options, overrides, runs, status, logs and pending queue",
                    "^/api/autossl(/.*)?$"));

    /** The errors any call may answer with; each call's own success answers come from its method. */
    private static final Map<String, String> PROBLEMS = problems();

    private static Map<String, String> problems() {
        Map<String, String> problems = new LinkedHashMap<>();
        problems.put("400", "Invalid request: the detail names the field (and, in a JSON body, the line and column); nothing was"
                + " stored or started");
        problems.put("401", "No HTTP Basic login, or a wrong user or password (or the user is locked for a while)");
        problems.put("403", "The caller belongs to the tenant but lacks the role; the detail names the tenant and the role needed");
        problems.put("404", "No such object (or tenant) among the caller's tenants: another tenant's object is a 404 as well");
        problems.put("409", "The object's state does not allow this now; the detail says why and what to do");
        problems.put("500", "Certflow failed; the answer holds only an errorId, under which Certflow's log holds the error");
        return problems;
    }

    static List<Tag> tags() {
        return FEATURES.stream().map(feature -> new Tag().name(feature.tag()).description(feature.description())).toList();
    }

    static Optional<String> featureOf(String path) {
        return FEATURES.stream().filter(feature -> feature.paths().matcher(path).matches()).map(Feature::tag).findFirst();
    }

    /**
     * "certificateList", "dnsZoneCreate", "renewalRunNow": the controller's feature and the method, unique across the
     * API. springdoc's own ids are the bare method names with a counter ("get_3"), which change as calls are added.
     */
    @Override
    public Operation customize(Operation operation, HandlerMethod handlerMethod) {
        String feature = handlerMethod.getBeanType().getSimpleName().replaceFirst("Controller$", "");
        String method = handlerMethod.getMethod().getName();
        return operation.operationId(StringUtils.uncapitalize(feature) + StringUtils.capitalize(method));
    }

    @Override
    public void customise(OpenAPI openApi) {
        if (openApi.getPaths() == null) {
            return;
        }
        openApi.getPaths().forEach((path, item) -> item.readOperations().forEach(operation -> {
            featureOf(path).ifPresent(tag -> operation.setTags(new ArrayList<>(List.of(tag))));
            requireBasicAuth(operation);
            documentProblems(operation);
        }));
        openApi.setTags(tags());
        openApi.getComponents().addSchemas(PROBLEM, problemSchema());
    }

    private static void requireBasicAuth(Operation operation) {
        boolean named = operation.getSecurity() != null
                && operation.getSecurity().stream().anyMatch(requirement -> requirement.containsKey(OpenApiConfiguration.BASIC_AUTH));
        if (!named) {
            operation.addSecurityItem(new SecurityRequirement().addList(OpenApiConfiguration.BASIC_AUTH));
        }
    }

    private static void documentProblems(Operation operation) {
        if (operation.getResponses() == null) {
            operation.setResponses(new ApiResponses());
        }
        PROBLEMS.forEach((status, description) -> operation.getResponses().putIfAbsent(status, problem(description)));
    }

    private static ApiResponse problem(String description) {
        Schema<?> schema = new Schema<>().$ref("#/components/schemas/" + PROBLEM);
        return new ApiResponse().description(description)
                .content(new Content().addMediaType(MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                        new io.swagger.v3.oas.models.media.MediaType().schema(schema)));
    }

    /**
     * RFC 9457, as Problems writes it: the standard members, and {@code errors} and {@code errorId} where they apply.
     * Added here rather than in the OpenAPI bean: springdoc drops a schema no operation refers to before the customizers run.
     */
    @SuppressWarnings("rawtypes")
    private static Schema<?> problemSchema() {
        Map<String, Schema> properties = new LinkedHashMap<>();
        properties.put("type", new StringSchema().example("about:blank"));
        properties.put("title", new StringSchema().example("Invalid request").description("a short summary of the kind of problem"));
        properties.put("status", new IntegerSchema().example(400).description("the HTTP status"));
        properties.put("detail", new StringSchema().description("what is wrong, in words, naming the field"));
        properties.put("instance", new StringSchema().description("the address the request was sent to, where known"));
        properties.put("errors", new ArraySchema().items(new StringSchema()).description("each problem of an invalid request"));
        properties.put("errorId", new StringSchema().description("an internal error's key in Certflow's log, to quote to an administrator"));
        ObjectSchema problem = new ObjectSchema();
        problem.setDescription("An error, as application/problem+json (RFC 9457)");
        problem.setProperties(properties);
        problem.setRequired(List.of("type", "title", "status", "detail"));
        return problem;
    }
}
