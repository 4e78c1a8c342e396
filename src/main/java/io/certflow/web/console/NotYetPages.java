package io.certflow.web.console;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The home page, and the sections the console does not have yet: they say so (the API has them) instead of failing. */
@Controller
class NotYetPages extends ConsolePage {

    @GetMapping("/")
    String home() {
        return "redirect:/certificates";
    }

    @GetMapping({"/autossl"})
    String notYet(Model model, jakarta.servlet.http.HttpServletRequest request) {
        model.addAttribute("section", ConsoleSections.titleOf(request.getServletPath()));
        return "console/not-yet";
    }
}
