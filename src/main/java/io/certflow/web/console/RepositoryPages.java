package io.certflow.web.console;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

import io.certflow.error.ConflictException;
import io.certflow.error.InvalidRequestException;
import io.certflow.issuer.Issuer;
import io.certflow.issuer.IssuerService;
import io.certflow.issuer.IssuerType;
import io.certflow.repository.ApplicationRepository;
import io.certflow.repository.ApplicationRepositoryDataSource;
import io.certflow.repository.ApplicationRepositoryService;
import io.certflow.repository.ApplicationRepositoryService.DataSourceChoice;
import io.certflow.repository.ApplicationRepositoryState;
import io.certflow.security.Caller;

/**
 * Certificate application repositories: the list with the create form, a repository's page (rename,
 * reset behind a confirmation, enable with a data source, delete after a reset). The same service as
 * /api/repositories, so tenants and roles are its: members read, tenant administrators change.
 */
@Controller
class RepositoryPages extends ConsolePage {

    private static final Set<String> FIELDS = Set.of("tenant", "name", "dataSource", "certificateAuthority", "confirmed");

    private final ApplicationRepositoryService repositories;
    private final IssuerService issuers;

    RepositoryPages(ApplicationRepositoryService repositories, IssuerService issuers) {
        this.repositories = repositories;
        this.issuers = issuers;
    }

    /** The create and enable forms as typed; an empty certificateAuthority means "a new CA". */
    record RepositoryForm(String tenant, String name, String dataSource, String certificateAuthority) {
    }

    /** A repository as the pages show it: its data source in words, the bound CA by its issuer's name. */
    record RepositoryRow(UUID id, String tenant, String name, String state, String dataSource, String certificateAuthority) {

        public boolean isReset() {
            return ApplicationRepositoryState.RESET.name().equals(state);
        }
    }

    @GetMapping("/repositories")
    String list(Caller caller, @RequestParam(required = false) String done, Model model) {
        model.addAttribute("done", done);
        return listPage(caller, new RepositoryForm(null, "", "", ""), List.of(), model);
    }

    @PostMapping("/repositories")
    String create(Caller caller, @ModelAttribute RepositoryForm form, Model model) {
        ApplicationRepository created;
        try {
            created = repositories.create(caller, blankToNull(form.tenant()), form.name(), choice(form));
        } catch (InvalidRequestException e) {
            return listPage(caller, form, e.problems(), model);
        } catch (ConflictException e) {
            return listPage(caller, form, List.of(e.getMessage()), model);
        }
        return redirect(created.id(), "created");
    }

    @GetMapping("/repositories/{id}")
    String detail(Caller caller, @PathVariable UUID id, @RequestParam(required = false) String done, Model model) {
        model.addAttribute("done", done);
        return detailPage(caller, repositories.get(caller, id), null, new RepositoryForm(null, null, "", ""), List.of(), model);
    }

    @PostMapping("/repositories/{id}/rename")
    String rename(Caller caller, @PathVariable UUID id, @RequestParam(required = false) String name, Model model) {
        try {
            repositories.rename(caller, id, name);
        } catch (InvalidRequestException e) {
            return detailPage(caller, repositories.get(caller, id), name, new RepositoryForm(null, null, "", ""), e.problems(), model);
        } catch (ConflictException e) {
            return detailPage(caller, repositories.get(caller, id), name, new RepositoryForm(null, null, "", ""),
                    List.of("name: " + e.getMessage()), model);
        }
        return redirect(id, "renamed");
    }

    /** The confirmation as a page of its own: where the reset button leads when the page runs no script. */
    @GetMapping("/repositories/{id}/reset")
    String resetConfirmation(Caller caller, @PathVariable UUID id, Model model) {
        return resetPage(caller, repositories.get(caller, id), List.of(), model);
    }

    /** A reset happens only with the checkbox ticked; without it the page says so and nothing starts. */
    @PostMapping("/repositories/{id}/reset")
    String reset(Caller caller, @PathVariable UUID id, @RequestParam(required = false) String confirmed, Model model) {
        ApplicationRepository repository = repositories.get(caller, id);
        caller.requireAdministratorOf(repository.tenantId(), "reset repositories");
        if (confirmed == null) {
            return resetPage(caller, repository, List.of("confirmed: tick \"I understand the risks of the reset operation\";"
                    + " a reset clears the data source, the CA binding and the certificate list and cannot be undone"), model);
        }
        repositories.requestReset(caller, id, true);
        return redirect(id, "reset");
    }

    @PostMapping("/repositories/{id}/enable")
    String enable(Caller caller, @PathVariable UUID id, @ModelAttribute RepositoryForm form, Model model) {
        try {
            repositories.enable(caller, id, choice(form));
        } catch (InvalidRequestException e) {
            return detailPage(caller, repositories.get(caller, id), null, form, e.problems(), model);
        }
        return redirect(id, "enabled");
    }

    /** Starts RepositoryDeleteProcess; a repository that is not reset is refused (the 409 page), as over the API. */
    @PostMapping("/repositories/{id}/delete")
    String delete(Caller caller, @PathVariable UUID id) {
        repositories.requestDelete(caller, id);
        return "redirect:/repositories?done=deleted";
    }

    private String listPage(Caller caller, RepositoryForm form, List<String> problems, Model model) {
        Map<UUID, String> caNames = caNames(caller);
        model.addAttribute("rows", repositories.list(caller).stream().map(repository -> row(repository, caNames)).toList());
        model.addAttribute("form", form);
        model.addAttribute("problems", FieldProblems.byField(problems, FIELDS));
        model.addAttribute("canCreate", caller.administrator() || !caller.administeredTenants().isEmpty());
        model.addAttribute("tenants", caller.administrator() ? List.of()
                : caller.tenantIds().stream().filter(caller::administers).toList());
        choices(caller, model);
        return "console/repositories";
    }

    private String detailPage(Caller caller, ApplicationRepository repository, String typedName, RepositoryForm enableForm,
                              List<String> problems, Model model) {
        model.addAttribute("repository", row(repository, caNames(caller)));
        model.addAttribute("typedName", typedName == null ? repository.name() : typedName);
        model.addAttribute("form", enableForm);
        model.addAttribute("problems", FieldProblems.byField(problems, FIELDS));
        model.addAttribute("canChange", caller.administers(repository.tenantId()));
        model.addAttribute("certificates", repository.state() == ApplicationRepositoryState.ENABLED
                ? repositories.certificatesOf(repository) : List.of());
        choices(caller, model);
        return "console/repository";
    }

    private String resetPage(Caller caller, ApplicationRepository repository, List<String> problems, Model model) {
        model.addAttribute("repository", row(repository, caNames(caller)));
        model.addAttribute("problems", FieldProblems.byField(problems, FIELDS));
        model.addAttribute("canChange", caller.administers(repository.tenantId()));
        return "console/repository-reset";
    }

    /** The data sources and the private CAs a PRIVATE or COMPLIANT repository may bind. */
    private void choices(Caller caller, Model model) {
        model.addAttribute("dataSources", ApplicationRepositoryDataSource.values());
        model.addAttribute("certificateAuthorities", issuers.list(caller).stream()
                .filter(issuer -> issuer.type() == IssuerType.PRIVATE_CA).map(Issuer::name).distinct().sorted().toList());
    }

    private Map<UUID, String> caNames(Caller caller) {
        return issuers.list(caller).stream().filter(issuer -> issuer.caId() != null)
                .collect(Collectors.toMap(Issuer::caId, Issuer::name, (first, second) -> first));
    }

    private static RepositoryRow row(ApplicationRepository repository, Map<UUID, String> caNames) {
        return new RepositoryRow(repository.id(), repository.tenantId(), repository.name(), repository.state().name(),
                repository.dataSource() == null ? null : repository.dataSource().name(),
                repository.caId() == null ? null : caNames.get(repository.caId()));
    }

    private static DataSourceChoice choice(RepositoryForm form) {
        return new DataSourceChoice(blankToNull(form.dataSource()), blankToNull(form.certificateAuthority()));
    }

    private static String redirect(UUID id, String done) {
        return "redirect:" + UriComponentsBuilder.fromPath("/repositories/{id}").queryParam("done", done).buildAndExpand(id)
                .toUriString();
    }
}
