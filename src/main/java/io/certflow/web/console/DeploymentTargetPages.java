package io.certflow.web.console;

import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

import io.certflow.deployment.DeploymentSettings;
import io.certflow.deployment.DeploymentTarget;
import io.certflow.deployment.DeploymentTargetKind;
import io.certflow.deployment.DeploymentTargetService;
import io.certflow.deployment.DeploymentTargetService.TargetSettings;
import io.certflow.error.ConflictException;
import io.certflow.error.InvalidRequestException;
import io.certflow.security.Caller;

/**
 * Deployment targets: the list, a form to create one and to edit one (each kind's fields, the secrets as
 * password fields never filled in again), and removal. The same service as /api/deployment-targets: its
 * checks are the API's, a refused form stores nothing, members read and tenant administrators change.
 */
@Controller
class DeploymentTargetPages extends ConsolePage {

    private final DeploymentTargetService targets;
    private final DeploymentSettings settings;

    DeploymentTargetPages(DeploymentTargetService targets, DeploymentSettings settings) {
        this.targets = targets;
        this.settings = settings;
    }

    @GetMapping("/deployment-targets")
    String list(Caller caller, @RequestParam(required = false) String done, Model model) {
        model.addAttribute("done", done);
        model.addAttribute("targets", targets.list(caller));
        model.addAttribute("canCreate", caller.administrator() || !caller.administeredTenants().isEmpty());
        return "console/deployment-targets";
    }

    @GetMapping("/deployment-targets/new")
    String newForm(Caller caller, Model model) {
        return formPage(caller, null, TargetForm.empty(), List.of(), model);
    }

    @PostMapping("/deployment-targets/new")
    String create(Caller caller, @ModelAttribute TargetForm form, Model model) {
        TargetSettings given = form.settings();
        DeploymentTarget created;
        try {
            created = targets.create(caller, given);
        } catch (InvalidRequestException e) {
            return formPage(caller, null, form.withoutSecrets(), e.problems(), model);
        } catch (ConflictException e) {
            return formPage(caller, null, form.withoutSecrets(), List.of("name: " + e.getMessage()), model);
        }
        return redirect(created.id(), "created");
    }

    @GetMapping("/deployment-targets/{id}")
    String edit(Caller caller, @PathVariable UUID id, @RequestParam(required = false) String done, Model model) {
        DeploymentTarget target = targets.get(caller, id);
        model.addAttribute("done", done);
        return formPage(caller, target, TargetForm.of(target), List.of(), model);
    }

    @PostMapping("/deployment-targets/{id}")
    String update(Caller caller, @PathVariable UUID id, @ModelAttribute TargetForm form, Model model) {
        DeploymentTarget current = targets.get(caller, id);
        TargetSettings given = form.settings();
        try {
            targets.update(caller, id, given);
        } catch (InvalidRequestException e) {
            return formPage(caller, current, form.withoutSecrets(), e.problems(), model);
        } catch (ConflictException e) {
            return formPage(caller, current, form.withoutSecrets(), List.of(e.getMessage()), model);
        }
        return redirect(id, "saved");
    }

    /** Removal as the API's DELETE: a target certificates are bound to goes only when "unbind them" is ticked. */
    @PostMapping("/deployment-targets/{id}/delete")
    String delete(Caller caller, @PathVariable UUID id, @RequestParam(required = false) String force) {
        targets.delete(caller, id, force != null);
        return "redirect:/deployment-targets?done=deleted";
    }

    private String formPage(Caller caller, DeploymentTarget target, TargetForm form, List<String> problems, Model model) {
        model.addAttribute("target", target);
        model.addAttribute("form", form);
        model.addAttribute("problems", TargetForm.byField(problems));
        model.addAttribute("kinds", DeploymentTargetKind.values());
        model.addAttribute("reloadCommands", settings.reloadCommands().keySet().stream().sorted().toList());
        model.addAttribute("canChange", target == null ? caller.administrator() || !caller.administeredTenants().isEmpty()
                : caller.administers(target.tenantId()));
        model.addAttribute("tenants", caller.administrator() ? List.of()
                : caller.tenantIds().stream().filter(caller::administers).toList());
        return "console/deployment-target";
    }

    private static String redirect(UUID id, String done) {
        return "redirect:" + UriComponentsBuilder.fromPath("/deployment-targets/{id}").queryParam("done", done).buildAndExpand(id)
                .toUriString();
    }
}
