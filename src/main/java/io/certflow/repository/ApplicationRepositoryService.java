package io.certflow.repository;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.certflow.certificate.Certificate;
import io.certflow.certificate.CertificateStore;
import io.certflow.crypto.DomainNames;
import io.certflow.error.ConflictException;
import io.certflow.error.InvalidRequestException;
import io.certflow.issuer.Issuer;
import io.certflow.issuer.IssuerService;
import io.certflow.issuer.IssuerType;
import io.certflow.security.Caller;

/**
 * The life of certificate application repositories: create, rename, reset (irreversible,
 * confirmed), enable, delete (only after a reset). What a repository holds and does is in
 * {@link ApplicationRepositoryCertificates} and {@link ApplicationRepositoryCms}.
 */
// Named so it does not clash with the engine's own "repositoryService" bean (process definitions).
@Service("certificateRepositories")
@Transactional
public class ApplicationRepositoryService {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9 ._-]{0,98}[A-Za-z0-9._-])?");

    private final ApplicationRepositoryStore store;
    private final IssuerService issuers;
    private final CertificateStore certificates;
    private final ApplicationRepositoryWorkflow workflow;
    private final Clock clock;

    public ApplicationRepositoryService(ApplicationRepositoryStore store, IssuerService issuers, CertificateStore certificates,
                                        ApplicationRepositoryWorkflow workflow, Clock clock) {
        this.store = store;
        this.issuers = issuers;
        this.certificates = certificates;
        this.workflow = workflow;
        this.clock = clock;
    }

    /** @param certificateAuthority name of a PRIVATE_CA issuer whose intermediate the repository binds; absent: a new CA */
    public record DataSourceChoice(String dataSource, String certificateAuthority) {
    }

    public ApplicationRepository create(Caller caller, String tenant, String name, DataSourceChoice choice) {
        String tenantId = caller.tenantForNewRow(tenant);
        caller.requireAdministratorOf(tenantId, "create repositories");
        List<String> problems = new ArrayList<>();
        String checkedName = checkName(name, problems);
        ApplicationRepositoryDataSource dataSource = parseDataSource(choice.dataSource(), problems);
        Issuer caIssuer = caIssuer(caller, tenantId, dataSource, choice.certificateAuthority(), problems);
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        if (store.findByName(tenantId, checkedName).isPresent()) {
            throw new ConflictException("A repository named '" + checkedName + "' already exists");
        }
        UUID caId = bind(tenantId, checkedName, dataSource, caIssuer);
        Instant now = clock.instant();
        ApplicationRepository repository = new ApplicationRepository(UUID.randomUUID(), tenantId, checkedName, dataSource, caId,
                ApplicationRepositoryState.ENABLED, now, now);
        store.insert(repository);
        return repository;
    }

    @Transactional(readOnly = true)
    public List<ApplicationRepository> list(Caller caller) {
        return store.list(caller.visibleTenants());
    }

    @Transactional(readOnly = true)
    public ApplicationRepository get(Caller caller, UUID id) {
        return caller.requireVisible(store.findById(id), ApplicationRepository::tenantId, "Repository", id);
    }

    @Transactional(readOnly = true)
    public List<Certificate> certificatesOf(ApplicationRepository repository) {
        return store.certificates(repository.id()).stream().map(id -> certificates.findCertificate(id).orElseThrow()).toList();
    }

    public ApplicationRepository rename(Caller caller, UUID id, String name) {
        ApplicationRepository repository = get(caller, id);
        caller.requireAdministratorOf(repository.tenantId(), "rename repositories");
        List<String> problems = new ArrayList<>();
        String checkedName = checkName(name, problems);
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        store.findByName(repository.tenantId(), checkedName).filter(other -> !other.id().equals(id)).ifPresent(other -> {
            throw new ConflictException("A repository named '" + checkedName + "' already exists");
        });
        store.rename(id, checkedName, clock.instant());
        return get(caller, id);
    }

    /** Starts the reset; returns the process instance. Without {@code confirmed}, a Tasklist task asks for the confirmation. */
    public String requestReset(Caller caller, UUID id, boolean confirmed) {
        ApplicationRepository repository = get(caller, id);
        caller.requireAdministratorOf(repository.tenantId(), "reset repositories");
        if (repository.state() == ApplicationRepositoryState.RESET) {
            throw new ConflictException("Repository '" + repository.name() + "' is already reset");
        }
        return workflow.startReset(id, repository.tenantId(), repository.name(), confirmed);
    }

    /** Task_ResetRepository: clears data source, binding and membership; a second run changes nothing. */
    public void reset(UUID id) {
        store.reset(id, clock.instant());
    }

    public ApplicationRepository enable(Caller caller, UUID id, DataSourceChoice choice) {
        ApplicationRepository repository = get(caller, id);
        caller.requireAdministratorOf(repository.tenantId(), "enable repositories");
        if (repository.state() != ApplicationRepositoryState.RESET) {
            throw new ConflictException("Repository '" + repository.name() + "' is " + repository.state()
                    + "; only a reset repository can be enabled with a data source");
        }
        List<String> problems = new ArrayList<>();
        ApplicationRepositoryDataSource dataSource = parseDataSource(choice.dataSource(), problems);
        Issuer caIssuer = caIssuer(caller, repository.tenantId(), dataSource, choice.certificateAuthority(), problems);
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        store.enable(id, dataSource, bind(repository.tenantId(), repository.name(), dataSource, caIssuer), clock.instant());
        return get(caller, id);
    }

    /** Starts RepositoryDeleteProcess; only a reset repository may go. */
    public String requestDelete(Caller caller, UUID id) {
        ApplicationRepository repository = get(caller, id);
        caller.requireAdministratorOf(repository.tenantId(), "delete repositories");
        if (repository.state() != ApplicationRepositoryState.RESET) {
            throw new ApplicationRepositoryNotResetException(repository);
        }
        return workflow.startDelete(id, repository.tenantId(), repository.name());
    }

    /**
     * Task_DeleteRepository: deletes a reset repository; one already gone counts as deleted. A
     * repository enabled again since the request is refused with the reason, and nothing changes;
     * the refusal is the process's business outcome, so it leaves the engine's transaction to commit.
     */
    @Transactional(noRollbackFor = ApplicationRepositoryNotResetException.class)
    public void delete(UUID id) {
        ApplicationRepository repository = store.findById(id).orElse(null);
        if (repository == null) {
            return;
        }
        if (repository.state() != ApplicationRepositoryState.RESET || !store.deleteIfReset(id)) {
            throw new ApplicationRepositoryNotResetException(store.findById(id).orElse(repository));
        }
    }

    /** The repository, when the caller may see it and it is ENABLED (409 when it is reset). */
    @Transactional(readOnly = true)
    public ApplicationRepository getEnabled(Caller caller, UUID id) {
        ApplicationRepository repository = get(caller, id);
        if (repository.state() != ApplicationRepositoryState.ENABLED) {
            throw new ConflictException("Repository '" + repository.name() + "' is reset; enable it with a data source first");
        }
        return repository;
    }

    private UUID bind(String tenantId, String name, ApplicationRepositoryDataSource dataSource, Issuer caIssuer) {
        if (!dataSource.bindsCa()) {
            return null;
        }
        if (caIssuer == null) {
            return issuers.ensurePrivateCa(tenantId, "repository-" + UUID.randomUUID().toString().substring(0, 8)).caId();
        }
        store.findByCa(caIssuer.caId()).ifPresent(bound -> {
            throw new ConflictException("The intermediate CA of issuer '" + caIssuer.name() + "' is already bound to repository '"
                    + bound.name() + "'; an intermediate CA belongs to at most one repository");
        });
        return caIssuer.caId();
    }

    private Issuer caIssuer(Caller caller, String tenantId, ApplicationRepositoryDataSource dataSource, String name,
                            List<String> problems) {
        if (name == null) {
            return null;
        }
        if (dataSource != null && !dataSource.bindsCa()) {
            problems.add("certificateAuthority: only PRIVATE and COMPLIANT repositories are bound to an intermediate CA");
            return null;
        }
        Issuer issuer = issuers.findVisible(caller, tenantId, name).orElse(null);
        if (issuer == null || issuer.type() != IssuerType.PRIVATE_CA) {
            problems.add("certificateAuthority: no PRIVATE_CA issuer named " + DomainNames.quote(name));
            return null;
        }
        return issuer;
    }

    /** Checked as given: trimming would also remove a NUL or another control character at either end. */
    private static String checkName(String name, List<String> problems) {
        if (name == null || !NAME.matcher(name).matches()) {
            problems.add("name: 1 to 100 letters, digits, spaces, '.', '_' or '-', starting with a letter or digit and not"
                    + " ending with a space");
            return null;
        }
        return name;
    }

    private static ApplicationRepositoryDataSource parseDataSource(String text, List<String> problems) {
        if (text == null || text.isEmpty()) {
            problems.add("dataSource: one of " + List.of(ApplicationRepositoryDataSource.values()) + " is required");
            return null;
        }
        try {
            return ApplicationRepositoryDataSource.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problems.add("dataSource: " + DomainNames.quote(text) + " is not one of " + List.of(ApplicationRepositoryDataSource.values()));
            return null;
        }
    }
}
